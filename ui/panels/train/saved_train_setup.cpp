#include "ui/panels/train/saved_train_setup.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

namespace lw::ui {

namespace {

constexpr int kFormatVersion = 1;

class SavedTrainSetupText {
    Q_DECLARE_TR_FUNCTIONS(SavedTrainSetupText)
};

} // namespace

QJsonObject SavedTrainSetup::toJson() const
{
    return {{QStringLiteral("version"), kFormatVersion},
            {QStringLiteral("dataset"), dataset},
            {QStringLiteral("tokenizer"), tokenizer},
            {QStringLiteral("preset"), preset},
            {QStringLiteral("config"), config}};
}

SavedTrainSetup SavedTrainSetup::fromJson(const QJsonObject& json)
{
    SavedTrainSetup setup;
    setup.dataset = json.value(QLatin1String("dataset")).toString();
    setup.tokenizer = json.value(QLatin1String("tokenizer")).toString();
    setup.preset = json.value(QLatin1String("preset")).toString();
    setup.config = json.value(QLatin1String("config")).toObject();
    return setup;
}

QString savedTrainSetupPath(const QString& projectDir)
{
    return QDir(projectDir).filePath(QStringLiteral("train-setup.json"));
}

SavedTrainSetup loadSavedTrainSetup(const QString& projectDir, QString* error)
{
    QFile file(savedTrainSetupPath(projectDir));
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = SavedTrainSetupText::tr("%1: %2").arg(file.fileName(), file.errorString());
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        if (error)
            *error = SavedTrainSetupText::tr("%1: not the Train panel's settings (%2); the form starts from the "
                                             "defaults")
                         .arg(file.fileName(), parseError.errorString());
        return {};
    }
    return SavedTrainSetup::fromJson(document.object());
}

QString saveTrainSetup(const QString& projectDir, const SavedTrainSetup& setup)
{
    QSaveFile file(savedTrainSetupPath(projectDir));
    const QByteArray bytes = QJsonDocument(setup.toJson()).toJson(QJsonDocument::Indented);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return SavedTrainSetupText::tr("Could not save the Train panel's settings to %1: %2")
            .arg(file.fileName(), file.errorString());
    return {};
}

} // namespace lw::ui
