#pragma once
// The Quantize panel's command lines: `llmwb quantize` (or `llmwb prune` for the pruning
// methods) writing a new model into the project, then `llmwb quant-report` measuring it
// against the model it came from. Settings left at their "default" value leave their
// flag out, so the commands' own defaults hold.
#include "ui/shell/job_supervisor.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace lw::ui::quantize {

struct QuantizeRequest {
    QString projectDir;
    QString model;  // what --model takes
    QString method; // an id of quantMethods()
    QString output; // the new model's name
    // Calibration (calibrated methods, data-aware pruning, and round-to-nearest with an
    // importance matrix): a dataset of the project.
    QString calibrationDataset;
    int calibrationSamples = 0; // 0: the command's default
    // Round-to-nearest block formats: weight the rounding by the importance matrix of the
    // calibration data (`llmwb quantize` computes it when given --dataset).
    bool importanceMatrix = false;
    // Round-to-nearest block formats: an importance matrix file instead (`--imatrix`).
    QString importanceFile;
    double damp = 0.01;   // GPTQ; the command's default leaves the flag out
    bool actOrder = true; // GPTQ; false passes --no-act-order
    double sparsity = 0.5;      // magnitude, wanda
    int removeHeads = 1;        // heads
    int removeChannels = 256;   // channels
    // The quality report after the model is written; skipped when both are empty.
    QString reportDataset;
    QString reportTextFile;
    int reportContext = 0; // 0: the command's default
};

QStringList quantizeArguments(const QuantizeRequest& request);
// The quantization as a user would type it: `llmwb quantize ...`, shell-quoted, without
// the worker's --events (and without --project when the request has none).
QString quantizeCommandPreview(const QuantizeRequest& request);
QStringList reportArguments(const QuantizeRequest& request);
// The quantization, then the report when the request names its data.
QList<JobSpec> quantizeJobs(const QuantizeRequest& request);

// An empty string when the request can run, else what is missing (translated).
QString missingInput(const QuantizeRequest& request);

// "<model>-<method>", with characters a model name cannot hold replaced.
QString defaultOutputName(const QString& modelName, const QString& method);

} // namespace lw::ui::quantize
