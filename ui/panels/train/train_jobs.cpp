#include "ui/panels/train/train_jobs.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QTemporaryFile>

namespace lw::ui {

QJsonObject workerConfig(const NewRunOptions& options)
{
    QJsonObject config = options.config;
    QJsonObject model = config.value(QLatin1String("model")).toObject();
    // Left out so that the worker takes it from the dataset's tokenizer.
    model.remove(QStringLiteral("vocab_size"));
    config.insert(QStringLiteral("model"), model);
    config.remove(QStringLiteral("dataset"));
    config.insert(QStringLiteral("threads"), options.threads);
    if (!options.device.isEmpty())
        config.insert(QStringLiteral("device"), options.device);
    return config;
}

JobSpec newRunJob(const NewRunOptions& options, QString* error)
{
    const QJsonObject config = workerConfig(options);
    QTemporaryFile file(QDir::temp().filePath(QStringLiteral("llmwb-train-XXXXXX.json")));
    file.setAutoRemove(false); // the job removes it when it ends
    const QByteArray bytes = QJsonDocument(config).toJson(QJsonDocument::Indented);
    if (!file.open() || file.write(bytes) != bytes.size() || !file.flush()) {
        if (error)
            *error = QCoreApplication::translate("lw::ui::TrainJobs", "Could not write the training configuration to %1: %2").arg(file.fileName(), file.errorString());
        file.remove();
        return {};
    }
    JobSpec spec;
    spec.kind = JobKind::Train;
    spec.projectDir = options.projectDir;
    spec.title = options.name.isEmpty() ? QCoreApplication::translate("lw::ui::TrainJobs", "Training on %1").arg(options.dataset)
                                        : QCoreApplication::translate("lw::ui::TrainJobs", "Training %1").arg(options.name);
    spec.arguments = {QStringLiteral("train"),  QStringLiteral("--project"), options.projectDir,
                      QStringLiteral("--dataset"), options.dataset,          QStringLiteral("--config"),
                      file.fileName()};
    if (!options.name.isEmpty())
        spec.arguments << QStringLiteral("--name") << options.name;
    for (const QString& task : options.evalTasks)
        spec.arguments << QStringLiteral("--eval-task") << task;
    spec.arguments << distributedArguments(options.distributed);
    spec.arguments << QStringLiteral("--events");
    spec.filesToRemoveAtEnd = {file.fileName()};
    return spec;
}

JobSpec trainCheckJob(NewRunOptions options, QString* error)
{
    options.evalTasks.clear();
    options.distributed = {};
    JobSpec spec = newRunJob(options, error);
    if (spec.arguments.isEmpty())
        return spec;
    spec.kind = JobKind::Other;
    spec.title = QCoreApplication::translate("lw::ui::TrainJobs", "Checking a training run on %1").arg(options.dataset);
    spec.arguments.insert(spec.arguments.size() - 1, QStringLiteral("--check"));
    return spec;
}

JobSpec resumeRunJob(const QString& projectDir, qint64 runId, const QString& runName,
                     const QStringList& processArguments)
{
    JobSpec spec;
    spec.kind = JobKind::Train;
    spec.projectDir = projectDir;
    spec.title = runName.isEmpty() ? QCoreApplication::translate("lw::ui::TrainJobs", "Resuming run %1").arg(runId) : QCoreApplication::translate("lw::ui::TrainJobs", "Resuming %1").arg(runName);
    spec.arguments = {QStringLiteral("train"), QStringLiteral("--project"), projectDir,
                      QStringLiteral("--resume"), QString::number(runId)};
    spec.arguments << processArguments << QStringLiteral("--events");
    return spec;
}

JobSpec tokenizerJob(const QString& projectDir, const QString& kind, int vocabSize, const QStringList& inputs,
                     const QString& name)
{
    JobSpec spec;
    spec.kind = JobKind::TokenizerTrain;
    spec.projectDir = projectDir;
    spec.title = QCoreApplication::translate("lw::ui::TrainJobs", "Training tokenizer %1").arg(name);
    spec.arguments = {QStringLiteral("tokenizer"), QStringLiteral("train"),     QStringLiteral("--project"),
                      projectDir,                 QStringLiteral("--kind"),    kind,
                      QStringLiteral("--vocab-size"), QString::number(vocabSize), QStringLiteral("--name"),
                      name};
    for (const QString& input : inputs)
        spec.arguments << QStringLiteral("--input") << input;
    spec.arguments << QStringLiteral("--events");
    return spec;
}

JobSpec prepareDatasetJob(const QString& projectDir, const QStringList& inputs, const QString& tokenizer,
                          const QString& name)
{
    JobSpec spec;
    spec.kind = JobKind::DataPrepare;
    spec.projectDir = projectDir;
    spec.title = QCoreApplication::translate("lw::ui::TrainJobs", "Preparing dataset %1").arg(name);
    spec.arguments = {QStringLiteral("data"),     QStringLiteral("prepare"), QStringLiteral("--project"),
                      projectDir,               QStringLiteral("--tokenizer"), tokenizer,
                      QStringLiteral("--name"), name};
    for (const QString& input : inputs)
        spec.arguments << QStringLiteral("--input") << input;
    spec.arguments << QStringLiteral("--events");
    return spec;
}

} // namespace lw::ui
