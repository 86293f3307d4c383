#pragma once
// What 0 means for a setting whose help text says so: "steps between checkpoints
// (0: only at the end)" reads "only at the end". Spin boxes show it in place of a bare 0,
// so a user sees that 0 is a choice, not a count. The translated help is read, so the
// text follows the UI language.
#include <QString>

class QAbstractSpinBox;

namespace lw::ui {

// The words after "(0: " up to the first ',', ';' or ')'; "" when the help has none.
QString zeroMeaning(const QString& help);

// Shows zeroMeaning(help) for 0 in `spin`, a QSpinBox or QDoubleSpinBox whose minimum is
// 0 (nothing changes otherwise, or where the help has no meaning for 0).
void showZeroMeaning(QAbstractSpinBox* spin, const QString& help);

} // namespace lw::ui
