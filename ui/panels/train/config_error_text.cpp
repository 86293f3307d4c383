#include "ui/panels/train/config_error_text.h"

#include "ui/panels/train/config_field_texts.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace lw::ui {

namespace {

class ConfigErrorText {
    Q_DECLARE_TR_FUNCTIONS(ConfigErrorText)
};

// "model.n_head: reason" or "n_head: reason"; keys are lower-case words with underscores.
const QRegularExpression& fieldPrefix()
{
    static const QRegularExpression pattern(QStringLiteral("^(?:model\\.)?([a-z][a-z0-9_]*): (.*)$"),
                                            QRegularExpression::DotMatchesEverythingOption);
    return pattern;
}

// Any config key written in a reason, as a whole word ("d_model", "eval_every").
QString withLabels(QString text)
{
    static const QRegularExpression key(QStringLiteral("\\b[a-z]+(?:_[a-z]+)+\\b"));
    QString out;
    qsizetype last = 0;
    auto it = key.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        out += text.mid(last, match.capturedStart() - last);
        out += hasConfigFieldLabel(match.captured()) ? configFieldLabel(match.captured()) : match.captured();
        last = match.capturedEnd();
    }
    return out + text.mid(last);
}

QString translatedReason(const QString& reason)
{
    struct Pattern {
        const char* regex;
        const char* text; // %1.. are the captures, keys already replaced by labels
    };
    static const Pattern patterns[] = {
        {"^must be positive, got (-?\\d+)$", QT_TRANSLATE_NOOP("ConfigErrorText", "must be at least 1 (it is %1)")},
        {"^must be positive$", QT_TRANSLATE_NOOP("ConfigErrorText", "must be more than 0")},
        {"^must not be negative$", QT_TRANSLATE_NOOP("ConfigErrorText", "must not be negative")},
        {"^must be at least 1$", QT_TRANSLATE_NOOP("ConfigErrorText", "must be at least 1")},
        {"^must divide (\\w+) \\((\\d+) is not a multiple of (\\d+)\\)$",
         QT_TRANSLATE_NOOP("ConfigErrorText", "must divide %1 (%2 is not a multiple of %3)")},
        {"^must divide (\\w+) \\((\\d+)\\)$", QT_TRANSLATE_NOOP("ConfigErrorText", "must divide %1 (%2)")},
        {"^grouped-query attention needs the llama family$",
         QT_TRANSLATE_NOOP("ConfigErrorText", "fewer key/value heads than heads needs the llama architecture")},
        {"^head dimension must be even for rotary embeddings$",
         QT_TRANSLATE_NOOP("ConfigErrorText", "width divided by heads must be even for rotary embeddings")},
        {"^must be 0 \\(automatic\\) or positive$",
         QT_TRANSLATE_NOOP("ConfigErrorText", "must be 0 (automatic) or more")},
        {"^must be in \\[0, 1\\)$", QT_TRANSLATE_NOOP("ConfigErrorText", "must be at least 0 and below 1")},
        {"^must be in \\[0, 1\\]$", QT_TRANSLATE_NOOP("ConfigErrorText", "must be between 0 and 1")},
        {"^must be in \\(0, 10\\)$", QT_TRANSLATE_NOOP("ConfigErrorText", "must be above 0 and below 10")},
        {"^must be between 1 and the model's (\\w+) \\((\\d+)\\)$",
         QT_TRANSLATE_NOOP("ConfigErrorText", "must be at most the model's %1 (%2)")},
        {"^needs validation \\((\\w+) > 0\\)$",
         QT_TRANSLATE_NOOP("ConfigErrorText", "needs validation (%1 above 0)")},
        {"^too large$", QT_TRANSLATE_NOOP("ConfigErrorText", "is too large")},
        {"^no dataset given$", QT_TRANSLATE_NOOP("ConfigErrorText", "no dataset is picked")},
    };
    for (const Pattern& pattern : patterns) {
        const QRegularExpression regex(QString::fromLatin1(pattern.regex));
        const auto match = regex.match(reason);
        if (!match.hasMatch())
            continue;
        QString text = QCoreApplication::translate("ConfigErrorText", pattern.text);
        for (int i = 1; i <= match.lastCapturedIndex(); ++i) {
            const QString captured = match.captured(i);
            const bool isKey = captured.contains(QLatin1Char('_'));
            text = text.arg(isKey ? configFieldLabel(captured) : captured);
        }
        return text;
    }
    return withLabels(reason);
}

} // namespace

QString describeConfigError(const QString& coreMessage)
{
    const auto match = fieldPrefix().match(coreMessage);
    if (!match.hasMatch() || !hasConfigFieldLabel(match.captured(1)))
        return coreMessage; // not about a field of the form: as core said it
    return ConfigErrorText::tr("%1: %2").arg(configFieldLabel(match.captured(1)), translatedReason(match.captured(2)));
}

} // namespace lw::ui
