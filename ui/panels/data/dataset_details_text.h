#pragma once
// A dataset version's manifest as the rich text of the Versions page's details pane:
// sources with their sha256, the parent and the recipe, the rows in and out of every
// step, the splits and the tool that wrote it.
#include "ui/panels/data/data_json.h"

#include <QString>

namespace lw::ui::data {

QString manifestHtml(const DatasetManifest& manifest);
// A recipe step in one line, e.g. "length: unit=words, min=3, max=2000".
QString stepSummary(const QJsonObject& step);

} // namespace lw::ui::data
