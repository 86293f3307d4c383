#pragma once
// How configuration fields read in the GUI. The fields, their defaults and their help
// come from core (TrainConfig, trainConfigHelp(), modelConfigHelp()); this adds what a
// form needs on top: a translated label, the translated help as a tooltip, the group a
// field belongs to and, for text fields with a fixed set of values, those values.
#include <QString>
#include <QStringList>

#include <string>

namespace lw::ui {

// "Batch size" for "batch_size"; a humanised key for fields not listed here.
QString configFieldLabel(const QString& key);
// Whether `key` is a field with a label of its own (the form shows it).
bool hasConfigFieldLabel(const QString& key);
// Core's help text, translated when a translation exists (core's English otherwise).
QString translatedConfigHelp(const std::string& coreHelp);
// Every help text the table of translations covers (for a test that keeps it complete).
QStringList translatableConfigHelpTexts();

// A model preset's description, translated when a translation exists.
QString translatedPresetDescription(const std::string& coreDescription);
QStringList translatablePresetDescriptions();

enum class ConfigGroup { Optimization, Schedule, Data, Evaluation, Samples, Checkpoints, Compute, Other };
ConfigGroup configFieldGroup(const QString& key);
QString configGroupTitle(ConfigGroup group);
// Allowed values of a text field (empty: free text).
QStringList configFieldChoices(const QString& key);

} // namespace lw::ui
