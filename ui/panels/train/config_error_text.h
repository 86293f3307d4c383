#pragma once
// Core's configuration errors as the form says them. Core names fields by their keys
// ("model.n_head: must divide d_model (130 is not a multiple of 12)"); the Train panel
// names them by the labels the user sees, in the UI language ("Heads: must divide Width
// (130 is not a multiple of 12)").
#include <QString>

namespace lw::ui {

// A message about a form field: the field and any other key in it replaced by its
// label, and the reason translated when it is one core gives. Other messages (a file,
// the disk) come back unchanged.
QString describeConfigError(const QString& coreMessage);

} // namespace lw::ui
