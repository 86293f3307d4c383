#pragma once
// What the Fine-tune panel keeps of its setup in a project: the Processes box, in
// finetune-setup.json beside the Train panel's train-setup.json, so that the next start
// shows it as it was left. Read with the panel's catalog on a pool thread; written
// atomically.
#include "ui/panels/train/distributed_settings.h"

#include <QString>

namespace lw::ui::finetune {

QString savedFinetuneSetupPath(const QString& projectDir);
// One process when nothing was kept; `error` says why a file that is there was not read.
DistributedSettings loadSavedFinetuneProcesses(const QString& projectDir, QString* error = nullptr);
// "" on success, else why not.
QString saveFinetuneProcesses(const QString& projectDir, const DistributedSettings& settings);

} // namespace lw::ui::finetune
