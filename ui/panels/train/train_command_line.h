#pragma once
// The `llmwb train ...` command that trains what the Train panel would start: the
// dataset, the closest model preset with the model fields that differ from it, every
// hyper-parameter that differs from TrainConfig's defaults, and the threads and device
// of the preferences. Run in a terminal (or on a bigger machine with the same project),
// it stores the same configuration the panel would.
#include "ui/panels/train/distributed_settings.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace lw::ui {

struct TrainCommandInput {
    QString program = QStringLiteral("llmwb");
    QString projectDir;
    QString dataset;            // name in the project
    QJsonObject model;          // ModelConfig as JSON (vocab_size is left to the dataset)
    QJsonObject hyperparameters; // TrainConfig fields as JSON, "model" excluded
    int threads = 0;            // 0: all cores
    QString device;             // "" or "cpu": the default
    QStringList evalTasks;      // `--eval-task` specs
    DistributedSettings distributed;
};

// The arguments, program first.
QStringList trainCommandArguments(const TrainCommandInput& input);
// The arguments as one line for a POSIX shell, quoted where needed.
QString shellCommandLine(const QStringList& arguments);
// Splits such a line back into arguments (single and double quotes, backslashes).
QStringList splitShellCommandLine(const QString& line);

} // namespace lw::ui
