#pragma once
// The worker command lines the Train panel starts (see `llmwb --help`): a new run from
// a full training configuration, its check, a resumed run, a tokenizer, a dataset.
#include "ui/panels/train/distributed_settings.h"
#include "ui/shell/job_supervisor.h"

#include <QJsonObject>

namespace lw::ui {

struct NewRunOptions {
    QString projectDir;
    QString dataset;    // name in the project, or a prepared dataset folder
    QJsonObject config; // a TrainConfig as JSON (the dataset's tokenizer sets vocab_size)
    QString name;       // "" lets the worker name it
    int threads = 0;    // 0: all cores
    QString device;     // "" keeps the configuration's
    QStringList evalTasks; // `--eval-task` specs: each checkpoint is evaluated on them
    DistributedSettings distributed; // more than one process: `--nproc-per-node` and the nodes
};

// The configuration the worker gets: the form's, without the vocabulary (the dataset's
// tokenizer sets it) and the dataset (a flag), with the threads and device.
QJsonObject workerConfig(const NewRunOptions& options);
// The configuration goes to the worker as a JSON file (removed when the job ends), so
// every field reaches it exactly as the form shows it. Returns an invalid spec (empty
// arguments) and sets `error` when that file cannot be written.
JobSpec newRunJob(const NewRunOptions& options, QString* error);
// `llmwb train --check --events` of the same setup: one process, no evaluation tasks;
// it creates no run.
JobSpec trainCheckJob(NewRunOptions options, QString* error);
// A resumed run keeps its whole configuration (the worker refuses changes); only the
// processes may change (`processArguments`, from resumeDistributedArguments).
JobSpec resumeRunJob(const QString& projectDir, qint64 runId, const QString& runName,
                     const QStringList& processArguments);
JobSpec tokenizerJob(const QString& projectDir, const QString& kind, int vocabSize, const QStringList& inputs,
                     const QString& name);
JobSpec prepareDatasetJob(const QString& projectDir, const QStringList& inputs, const QString& tokenizer,
                          const QString& name);

} // namespace lw::ui
