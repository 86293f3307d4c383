#pragma once
// The `llmwb` command lines of the Models view (see `llmwb import|export|merge
// --help`), as jobs with progress events for the job supervisor.
#include "ui/shell/job_supervisor.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace lw::ui::models {

JobSpec importJob(const QString& projectDir, const QString& from, const QString& name);

// The export format that writes a fine-tune run's LoRA adapter alone (`llmwb adapter
// export --format gguf`) rather than a model.
inline const QString kAdapterGgufFormat = QStringLiteral("adapter-gguf");

struct ExportRequest {
    QString projectDir;
    QString model;                         // a spec `--model` takes (`--adapter` for kAdapterGgufFormat)
    QString format = QStringLiteral("hf"); // hf, gguf or kAdapterGgufFormat
    QString dtype = QStringLiteral("f32");
    QString output; // a folder (hf) or a .gguf file
};
JobSpec exportJob(const ExportRequest& request);
// The dtypes `llmwb export` (or `llmwb adapter export`) writes in `format`, the first being the default.
QStringList exportDtypes(const QString& format);

struct MergeInput {
    QString model;
    double weight = 1;
    double density = 1;
};
struct MergeRequest {
    QString projectDir;
    QList<MergeInput> models;
    QString method = QStringLiteral("linear");
    QString base; // "" for none
    double t = 0.5;
    double lambda = 1;
    qint64 seed = 0;
    QString name;
};
JobSpec mergeJob(const MergeRequest& request);
QStringList mergeMethods();
// What a method reads besides the models and their weights.
bool methodUsesBase(const QString& method);
bool methodUsesDensity(const QString& method);
bool methodUsesT(const QString& method);
bool methodUsesLambda(const QString& method);
bool methodUsesSeed(const QString& method);

} // namespace lw::ui::models
