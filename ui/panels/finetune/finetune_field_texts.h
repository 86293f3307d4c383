#pragma once
// How fine-tune settings read in the GUI: a translated label per field of
// FinetuneSettings, core's help text (finetuneSettingsHelp()) translated for the
// tooltip, and the names of the methods and objectives.
#include <QString>
#include <QStringList>

#include <string>

namespace lw::ui::finetune {

QString finetuneFieldLabel(const QString& key);
// Core's help text of a fine-tune setting, translated when a translation exists.
QString translatedFinetuneHelp(const std::string& coreHelp);
// Every help text the table of translations covers (a test keeps it complete).
QStringList translatableFinetuneHelpTexts();

// "LoRA", "Full weights", ...; "SFT (learn the answers)", ...
QString methodTitle(const QString& method);
QString objectiveTitle(const QString& objective);
// The short names lists use where the titles do not fit: "LoRA", "full weights"; "SFT",
// "DPO", "classification".
QString methodShortName(const QString& method);
QString objectiveShortName(const QString& objective);
inline const QStringList kMethods = {QStringLiteral("lora"), QStringLiteral("qlora"), QStringLiteral("dora"),
                                     QStringLiteral("full")};
inline const QStringList kObjectives = {QStringLiteral("sft"), QStringLiteral("dpo"), QStringLiteral("ipo"),
                                        QStringLiteral("orpo"), QStringLiteral("simpo"),
                                        QStringLiteral("classify")};

} // namespace lw::ui::finetune
