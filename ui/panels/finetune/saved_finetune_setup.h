#pragma once
// What the Fine-tune panel keeps of its setup in a project: the Processes box and the
// "Evaluate checkpoints" tasks, in finetune-setup.json beside the Train panel's
// train-setup.json, so that the next start shows them as they were left. Read with the
// panel's catalog on a pool thread; written atomically.
#include "ui/panels/train/distributed_settings.h"

#include <QString>
#include <QStringList>

namespace lw::ui::finetune {

struct SavedFinetuneSetup {
    DistributedSettings processes;
    QStringList evalTasks; // `--eval-task` specs, one a line of the box
};

QString savedFinetuneSetupPath(const QString& projectDir);
// One process and no tasks when nothing was kept; `error` says why a file that is there
// was not read.
SavedFinetuneSetup loadSavedFinetuneSetup(const QString& projectDir, QString* error = nullptr);
// "" on success, else why not.
QString saveFinetuneSetup(const QString& projectDir, const SavedFinetuneSetup& setup);

} // namespace lw::ui::finetune
