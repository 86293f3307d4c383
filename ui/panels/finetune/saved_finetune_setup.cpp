#include "ui/panels/finetune/saved_finetune_setup.h"

#include "ui/panels/train/saved_train_setup.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonObject>

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

DistributedSettings loadSavedFinetuneProcesses(const QString& projectDir, QString* error)
{
    const QJsonObject json = readPanelSetupFile(savedFinetuneSetupPath(projectDir), finetunePanelName(), error);
    return distributedSettingsFromJson(json.value(QLatin1String("processes")).toObject());
}

QString saveFinetuneProcesses(const QString& projectDir, const DistributedSettings& settings)
{
    const QJsonObject json{{QStringLiteral("version"), 1},
                           {QStringLiteral("processes"), distributedSettingsToJson(settings)}};
    return writePanelSetupFile(savedFinetuneSetupPath(projectDir), finetunePanelName(), json);
}

} // namespace lw::ui::finetune
