#include "ui/panels/data/recipe_steps.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace lw::ui::data {

QStringList recipeStepKinds()
{
    return {QStringLiteral("length"),      QStringLiteral("regex"),      QStringLiteral("language"),
            QStringLiteral("exact_dedup"), QStringLiteral("near_dedup"), QStringLiteral("quality"),
            QStringLiteral("pii"),         QStringLiteral("instruction_sanity")};
}

QJsonObject defaultRecipeStep(const QString& kind)
{
    QJsonObject step{{QStringLiteral("step"), kind}};
    if (kind == QLatin1String("length")) {
        step.insert(QStringLiteral("unit"), QStringLiteral("words"));
        step.insert(QStringLiteral("min"), 3);
        step.insert(QStringLiteral("max"), 2000);
    } else if (kind == QLatin1String("regex")) {
        // A list of patterns (the form edits it as comma-separated text). An empty
        // pattern would match, and so drop, every row: the default names a real one.
        step.insert(QStringLiteral("field"), QStringLiteral("all"));
        step.insert(QStringLiteral("exclude"), QJsonArray{QStringLiteral("(?i)as an ai language model")});
    } else if (kind == QLatin1String("language")) {
        step.insert(QStringLiteral("keep"), QJsonArray{QStringLiteral("en"), QStringLiteral("vi")});
        step.insert(QStringLiteral("min_confidence"), 0.5);
    } else if (kind == QLatin1String("near_dedup")) {
        step.insert(QStringLiteral("threshold"), 0.8);
        step.insert(QStringLiteral("ngram"), 5);
    }
    return step;
}

QJsonArray recipeFromText(const QByteArray& text, QString* error)
{
    auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return QJsonArray();
    };
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parse);
    if (parse.error != QJsonParseError::NoError)
        return fail(QCoreApplication::translate("lw::ui::data::Recipe", "Not JSON at offset %1: %2")
                        .arg(parse.offset)
                        .arg(parse.errorString()));
    if (!doc.isArray())
        return fail(QCoreApplication::translate("lw::ui::data::Recipe", "A recipe is a JSON array of steps."));
    const QJsonArray steps = doc.array();
    for (int i = 0; i < steps.size(); ++i) {
        const QString kind = steps.at(i).toObject().value(QLatin1String("step")).toString();
        if (!recipeStepKinds().contains(kind))
            return fail(QCoreApplication::translate("lw::ui::data::Recipe", "Step %1: unknown step \"%2\".")
                            .arg(i + 1)
                            .arg(kind));
    }
    return steps;
}

} // namespace lw::ui::data
