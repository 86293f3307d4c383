#pragma once
// The line under an answer: time to first token, decoding speed, length, and why it
// ended when that is worth saying ("stopped", "context full").
#include <QJsonObject>
#include <QString>

namespace lw::ui {

// "first token 35 ms · 118 tokens/s · 42 tokens" (from GenerationStats as JSON).
QString answerStatsText(const QJsonObject& stats, const QString& stopReason);

} // namespace lw::ui
