#pragma once
// The Train panel's last setup in a project, kept in a small JSON file of the project
// folder (train-setup.json), so that the next start shows the form as it was left (the
// demo project: the demo's settings) instead of the defaults. Read and written on a
// pool thread; written atomically.
#include "ui/panels/train/distributed_settings.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace lw::ui {

struct SavedTrainSetup {
    QString dataset;    // prepared dataset name ("" when none was picked)
    QString tokenizer;  // tokenizer name
    QString preset;     // model preset name, "" for a custom shape
    QJsonObject config; // hyper-parameters and "model", as TrainSetupView::trainConfig()
    DistributedSettings distributed; // the Processes box
    QStringList evalTasks; // the "Evaluate checkpoints" box, one task a line

    bool isEmpty() const { return config.isEmpty(); }
    QJsonObject toJson() const;
    static SavedTrainSetup fromJson(const QJsonObject& json);
};

// The Processes box as JSON, and back (values out of the box's ranges are clamped into them).
QJsonObject distributedSettingsToJson(const DistributedSettings& settings);
DistributedSettings distributedSettingsFromJson(const QJsonObject& json);
// The "eval_tasks" list of a panel's setup file (entries that are not text are skipped).
QStringList evalTasksFromJson(const QJsonValue& tasks);

// A panel's setup file (`panel` names it in messages: "the Train panel"): its JSON
// object, empty when there is none or it cannot be read (`error` says why).
QJsonObject readPanelSetupFile(const QString& path, const QString& panel, QString* error);
// Writes it atomically; "" on success, else why not.
QString writePanelSetupFile(const QString& path, const QString& panel, const QJsonObject& json);

QString savedTrainSetupPath(const QString& projectDir);
// An empty setup when there is none; `error` says why a file that is there was not read.
SavedTrainSetup loadSavedTrainSetup(const QString& projectDir, QString* error = nullptr);
// "" on success, else why not.
QString saveTrainSetup(const QString& projectDir, const SavedTrainSetup& setup);

} // namespace lw::ui
