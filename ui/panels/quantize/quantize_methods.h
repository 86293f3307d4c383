#pragma once
// The methods the Quantize panel offers, as `llmwb quantize` and `llmwb prune` name
// them, with what the form needs to know of each: its family (round-to-nearest,
// calibrated, pruning), whether it reads calibration data, its bits per weight (for
// the size shown before running) and a one-line description for tooltips.
#include <QList>
#include <QString>

namespace lw::ui::quantize {

enum class MethodFamily { RoundToNearest, Calibrated, Pruning };

struct QuantMethod {
    QString id;            // "q4_k_m", "gptq-q4_0", "wanda", ...
    MethodFamily family = MethodFamily::RoundToNearest;
    double bitsPerWeight = 32; // of the matrices; pruning keeps float32 weights
    bool needsCalibration = false;
};

const QList<QuantMethod>& quantMethods();
// The entry for `id`, or nullptr.
const QuantMethod* findQuantMethod(const QString& id);

// Round-to-nearest block formats, which can weight their rounding by an importance
// matrix computed from calibration data (not int8 or NF4).
bool takesImportanceMatrix(const QString& id);

// Translated one-line description for the method's tooltip.
QString methodDescription(const QString& id);
QString familyTitle(MethodFamily family);

} // namespace lw::ui::quantize
