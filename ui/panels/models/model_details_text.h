#pragma once
// The details pane of the Models view as HTML: where the model lives, its files
// with their sha256, what it was merged from and how, and its configuration.
#include "ui/panels/models/model_entry.h"

#include <QString>

namespace lw::ui::models {

QString modelDetailsHtml(const ModelEntry& entry);
// "1.2 M", "35 k": parameter counts as the table shows them.
QString parameterText(qint64 parameters);

} // namespace lw::ui::models
