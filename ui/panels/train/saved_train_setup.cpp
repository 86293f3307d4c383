#include "ui/panels/train/saved_train_setup.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

#include <algorithm>

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
            {QStringLiteral("config"), config},
            {QStringLiteral("processes"), distributedSettingsToJson(distributed)},
            {QStringLiteral("eval_tasks"), QJsonArray::fromStringList(evalTasks)}};
}

SavedTrainSetup SavedTrainSetup::fromJson(const QJsonObject& json)
{
    SavedTrainSetup setup;
    setup.dataset = json.value(QLatin1String("dataset")).toString();
    setup.tokenizer = json.value(QLatin1String("tokenizer")).toString();
    setup.preset = json.value(QLatin1String("preset")).toString();
    setup.config = json.value(QLatin1String("config")).toObject();
    setup.distributed = distributedSettingsFromJson(json.value(QLatin1String("processes")).toObject());
    setup.evalTasks = evalTasksFromJson(json.value(QLatin1String("eval_tasks")));
    return setup;
}

QStringList evalTasksFromJson(const QJsonValue& tasks)
{
    QStringList out;
    for (const QJsonValue& task : tasks.toArray())
        if (task.isString())
            out << task.toString();
    return out;
}

QJsonObject distributedSettingsToJson(const DistributedSettings& settings)
{
    return {{QStringLiteral("processes"), settings.processes},
            {QStringLiteral("nodes"), settings.nodes},
            {QStringLiteral("node_rank"), settings.nodeRank},
            {QStringLiteral("master_address"), settings.masterAddress},
            {QStringLiteral("master_port"), settings.masterPort}};
}

DistributedSettings distributedSettingsFromJson(const QJsonObject& json)
{
    // The file is the user's to edit: out-of-range values are brought into the box's ranges.
    DistributedSettings settings;
    settings.processes = std::clamp(json.value(QLatin1String("processes")).toInt(1), 1, 1024);
    settings.nodes = std::clamp(json.value(QLatin1String("nodes")).toInt(1), 1, 4096);
    settings.nodeRank = std::clamp(json.value(QLatin1String("node_rank")).toInt(0), 0, settings.nodes - 1);
    settings.masterAddress = json.value(QLatin1String("master_address")).toString(settings.masterAddress);
    settings.masterPort = std::clamp(json.value(QLatin1String("master_port")).toInt(0), 0, 65535);
    return settings;
}

QString savedTrainSetupPath(const QString& projectDir)
{
    return QDir(projectDir).filePath(QStringLiteral("train-setup.json"));
}

QJsonObject readPanelSetupFile(const QString& path, const QString& panel, QString* error)
{
    QFile file(path);
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
            *error = SavedTrainSetupText::tr("%1: not the settings of %2 (%3); the form starts from the defaults")
                         .arg(file.fileName(), panel, parseError.errorString());
        return {};
    }
    return document.object();
}

QString writePanelSetupFile(const QString& path, const QString& panel, const QJsonObject& json)
{
    QSaveFile file(path);
    const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Indented);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return SavedTrainSetupText::tr("Could not save the settings of %1 to %2: %3")
            .arg(panel, file.fileName(), file.errorString());
    return {};
}

SavedTrainSetup loadSavedTrainSetup(const QString& projectDir, QString* error)
{
    return SavedTrainSetup::fromJson(
        readPanelSetupFile(savedTrainSetupPath(projectDir), SavedTrainSetupText::tr("the Train panel"), error));
}

QString saveTrainSetup(const QString& projectDir, const SavedTrainSetup& setup)
{
    return writePanelSetupFile(savedTrainSetupPath(projectDir), SavedTrainSetupText::tr("the Train panel"),
                               setup.toJson());
}

} // namespace lw::ui
