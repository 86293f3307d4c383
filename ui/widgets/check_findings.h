#pragma once
// The findings of a pre-flight check's report (`llmwb train|finetune --check`:
// `findings`, each with severity, code and message) as the panels show them: one line
// each, "Error:" or "Warning:" in bold before the text in the language shown, or "No
// problem found."; the label's tooltip keeps core's own messages with their numbers.
#include <QJsonObject>

#include <functional>

class QLabel;

namespace lw::ui {

bool isErrorFinding(const QJsonObject& finding);

void showCheckFindings(QLabel* label, const QJsonObject& report,
                       const std::function<QString(const QJsonObject& finding)>& textOf);

} // namespace lw::ui
