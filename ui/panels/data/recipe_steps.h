#pragma once
// The steps a filter recipe is made of (`llmwb data filter --recipe`): each a JSON
// object {"step": kind, ...settings}. The defaults here are what a new step starts
// with in the recipe builder; the worker validates every setting.
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace lw::ui::data {

QStringList recipeStepKinds();
QJsonObject defaultRecipeStep(const QString& kind);
// A recipe file's text read back; sets `error` (naming the step) when it is not an
// array of step objects with a known kind.
QJsonArray recipeFromText(const QByteArray& text, QString* error);

} // namespace lw::ui::data
