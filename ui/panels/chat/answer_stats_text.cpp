#include "ui/panels/chat/answer_stats_text.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace lw::ui {

QString answerStatsText(const QJsonObject& stats, const QString& stopReason)
{
    const QLocale locale;
    const double firstMs = stats.value(QStringLiteral("time_to_first_token_ms")).toDouble();
    const double perSecond = stats.value(QStringLiteral("decode_tokens_per_s")).toDouble();
    const int tokens = stats.value(QStringLiteral("generated_tokens")).toInt();
    QStringList parts;
    parts << QCoreApplication::translate("lw::ui::AnswerStats", "first token %1 ms").arg(locale.toString(firstMs, 'f', firstMs < 10 ? 1 : 0));
    if (perSecond > 0)
        parts << QCoreApplication::translate("lw::ui::AnswerStats", "%1 tokens/s").arg(locale.toString(perSecond, 'f', 0));
    parts << QCoreApplication::translate("lw::ui::AnswerStats", "%n token(s)", nullptr, tokens);
    if (stopReason == QLatin1String("cancelled"))
        parts << QCoreApplication::translate("lw::ui::AnswerStats", "stopped");
    else if (stopReason == QLatin1String("context_full"))
        parts << QCoreApplication::translate("lw::ui::AnswerStats", "context full");
    else if (stopReason == QLatin1String("max_tokens"))
        parts << QCoreApplication::translate("lw::ui::AnswerStats", "length limit");
    return parts.join(QStringLiteral(" · "));
}

} // namespace lw::ui
