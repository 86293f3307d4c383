#include "ui/panels/chat/sampler_field_texts.h"

#include "core/generate/sampler_settings.h"

#include <QCoreApplication>

namespace lw::ui {

namespace {

constexpr const char* kLabels = "lw::ui::SamplerFieldLabel";
constexpr const char* kHelp = "lw::ui::SamplerFieldHelp";

struct FieldText {
    const char* key;
    const char* label;
};

const FieldText kFieldLabels[] = {
    {"max_tokens", QT_TRANSLATE_NOOP("lw::ui::SamplerFieldLabel", "Max tokens")},
    {"temperature", QT_TRANSLATE_NOOP("lw::ui::SamplerFieldLabel", "Temperature")},
    {"top_k", QT_TRANSLATE_NOOP("lw::ui::SamplerFieldLabel", "Top-k")},
    {"top_p", QT_TRANSLATE_NOOP("lw::ui::SamplerFieldLabel", "Top-p")},
    {"min_p", QT_TRANSLATE_NOOP("lw::ui::SamplerFieldLabel", "Min-p")},
    {"repetition_penalty", QT_TRANSLATE_NOOP("lw::ui::SamplerFieldLabel", "Repetition penalty")},
    {"presence_penalty", QT_TRANSLATE_NOOP("lw::ui::SamplerFieldLabel", "Presence penalty")},
    {"frequency_penalty", QT_TRANSLATE_NOOP("lw::ui::SamplerFieldLabel", "Frequency penalty")},
    {"seed", QT_TRANSLATE_NOOP("lw::ui::SamplerFieldLabel", "Seed")},
};

// The help texts of samplerSettingsHelp(), verbatim, so that lupdate collects them;
// a test checks that every text core has for a field of the form is here.
[[maybe_unused]] const char* const kHelpTexts[] = {
    QT_TRANSLATE_NOOP("lw::ui::SamplerFieldHelp", "new tokens to generate at most"),
    QT_TRANSLATE_NOOP("lw::ui::SamplerFieldHelp", "sampling temperature; 0 picks the most likely token (greedy)"),
    QT_TRANSLATE_NOOP("lw::ui::SamplerFieldHelp", "sample among the k most likely tokens (0: off)"),
    QT_TRANSLATE_NOOP("lw::ui::SamplerFieldHelp",
                      "sample among the most likely tokens whose probabilities add up to p (1: off)"),
    QT_TRANSLATE_NOOP("lw::ui::SamplerFieldHelp",
                      "drop tokens less likely than min_p times the most likely one (0: off)"),
    QT_TRANSLATE_NOOP("lw::ui::SamplerFieldHelp", "make tokens already seen less likely: > 1 penalises (1: off)"),
    QT_TRANSLATE_NOOP("lw::ui::SamplerFieldHelp", "subtract this from the logit of every token already seen"),
    QT_TRANSLATE_NOOP("lw::ui::SamplerFieldHelp", "subtract this times the count of each token already seen"),
    QT_TRANSLATE_NOOP("lw::ui::SamplerFieldHelp", "random seed of the sampling (same seed and settings: same text)"),
};

} // namespace

QString samplerFieldLabel(const QString& key)
{
    for (const FieldText& field : kFieldLabels)
        if (key == QLatin1String(field.key))
            return QCoreApplication::translate(kLabels, field.label);
    QString human = key;
    human.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!human.isEmpty())
        human[0] = human[0].toUpper();
    return human;
}

QString samplerFieldHelp(const QString& key)
{
    for (const auto& [coreKey, help] : generate::samplerSettingsHelp())
        if (key == QLatin1String(coreKey.c_str()))
            return QCoreApplication::translate(kHelp, help.c_str());
    return {};
}

QStringList translatableSamplerHelpTexts()
{
    QStringList texts;
    for (const char* text : kHelpTexts)
        texts.append(QString::fromUtf8(text));
    return texts;
}

} // namespace lw::ui
