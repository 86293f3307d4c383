#pragma once
// How decoding settings read in the GUI. The fields, their defaults and their help come
// from core (SamplerSettings, samplerSettingsHelp()); this adds a translated label and
// the translated help, shown as the field's tooltip.
#include <QString>
#include <QStringList>

#include <string>

namespace lw::ui {

// "Temperature" for "temperature"; a humanised key for fields not listed.
QString samplerFieldLabel(const QString& key);
// The field's help from core, translated when a translation exists.
QString samplerFieldHelp(const QString& key);
// Every help text the translations cover (a test keeps it in step with core).
QStringList translatableSamplerHelpTexts();

} // namespace lw::ui
