#pragma once
// The worker command lines the Fine-tune panel starts (`llmwb finetune`, its --check,
// --demo and --resume, and `llmwb adapter merge`). Settings go to the worker as flags
// (kebab-case of the core's field names); a fine-tune setting equal to the core's
// default is left out, so that the command line says what the user chose.
#include "ui/panels/train/distributed_settings.h"
#include "ui/shell/job_supervisor.h"

#include <QJsonObject>
#include <QStringList>

namespace lw::ui::finetune {

struct FinetuneRequest {
    QString projectDir;
    QJsonObject settings; // FinetuneSettings fields (base, dataset, method, objective, ...)
    QJsonObject training; // TrainConfig fields the form shows (max_steps, learning_rate, ...)
    bool demo = false;    // --demo: the worker fills what is missing with the demo's choices
    QString name;         // "" lets the worker name it
    DistributedSettings distributed; // more than one process: `--nproc-per-node` and the nodes
    QStringList evalTasks; // `--eval-task` specs: each checkpoint is evaluated on them as it is written
};

// "--lora-rank" for "lora_rank".
QString flagFor(const QString& key);
// The arguments after `llmwb`, ending with --events (and --check when asked; a check
// runs in one process and writes no checkpoint, so it gets no multi-process flags and
// no --eval-task).
QStringList finetuneArguments(const FinetuneRequest& request, bool check);

JobSpec finetuneJob(const FinetuneRequest& request);
JobSpec finetuneCheckJob(const FinetuneRequest& request);
// The worker resumes on the processes `processArguments` give (resumeDistributedArguments).
JobSpec resumeFinetuneJob(const QString& projectDir, qint64 runId, const QString& runName,
                          const QStringList& processArguments);
// `adapter`: a fine-tune run's id or an adapter folder; `base`: what --model takes.
JobSpec adapterMergeJob(const QString& projectDir, const QString& base, const QString& adapter, const QString& name,
                        const QString& dtype);

} // namespace lw::ui::finetune
