#pragma once
// The Quantize panel's last setup in a project, kept in quantize-setup.json of the
// project folder, so that the next start shows the method and its settings as they were
// left (the importance matrix file included) instead of the defaults. Read and written
// on a pool thread; written atomically. The model and the new model's name are not
// kept: they are chosen per quantization.
#include <QString>

namespace lw::ui::quantize {

class QuantizeForm;
struct QuantizeRequest;

struct SavedQuantizeSetup {
    QString method;
    QString importanceFile;
    bool importanceFromCalibration = false;
    double damp = 0.01;
    bool actOrder = true;

    bool isEmpty() const { return method.isEmpty(); }
};

SavedQuantizeSetup savedSetupOf(const QuantizeRequest& request);
// Sets the form's method and settings; an unknown method leaves the method as it is.
void applySavedSetup(QuantizeForm& form, const SavedQuantizeSetup& setup);

QString savedQuantizeSetupPath(const QString& projectDir);
// An empty setup when there is none; `error` says why a file that is there was not read.
SavedQuantizeSetup loadSavedQuantizeSetup(const QString& projectDir, QString* error = nullptr);
// "" on success, else why not.
QString saveQuantizeSetup(const QString& projectDir, const SavedQuantizeSetup& setup);

} // namespace lw::ui::quantize
