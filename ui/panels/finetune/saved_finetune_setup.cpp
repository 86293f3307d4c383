#include "ui/panels/finetune/saved_finetune_setup.h"

#include "ui/panels/train/saved_train_setup.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

namespace lw::ui::finetune {

namespace {

QString finetunePanelName()
{
    return QCoreApplication::translate("lw::ui::finetune::SavedFinetuneSetup", "the Fine-tune panel");
}

} // namespace

QString savedFinetuneSetupPath(const QString& projectDir)
{
    return QDir(projectDir).filePath(QStringLiteral("finetune-setup.json"));
}

SavedFinetuneSetup loadSavedFinetuneSetup(const QString& projectDir, QString* error)
{
    const QJsonObject json = readPanelSetupFile(savedFinetuneSetupPath(projectDir), finetunePanelName(), error);
    SavedFinetuneSetup setup;
    setup.processes = distributedSettingsFromJson(json.value(QLatin1String("processes")).toObject());
    setup.evalTasks = evalTasksFromJson(json.value(QLatin1String("eval_tasks")));
    return setup;
}

QString saveFinetuneSetup(const QString& projectDir, const SavedFinetuneSetup& setup)
{
    // Version 1 files (the Processes box only) read as having no tasks.
    const QJsonObject json{{QStringLiteral("version"), 1},
                           {QStringLiteral("processes"), distributedSettingsToJson(setup.processes)},
                           {QStringLiteral("eval_tasks"), QJsonArray::fromStringList(setup.evalTasks)}};
    return writePanelSetupFile(savedFinetuneSetupPath(projectDir), finetunePanelName(), json);
}

} // namespace lw::ui::finetune
