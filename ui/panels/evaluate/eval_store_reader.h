#pragma once
// The project's evaluations and the runs whose checkpoints can be scrubbed, read from
// the store on a pool thread (call these from runInBackground, never on the GUI
// thread). Errors come back in the result, never as exceptions.
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace lw::ui::evaluate {

struct StoredEvaluation {
    qint64 id = 0;
    QString task;
    QString model; // as --model named it
    QString label; // the model's label when the worker gave one, else `model`
    qint64 runId = 0; // 0: not a run's checkpoint
    qint64 step = -1; // -1: unknown
    QString dataset;
    QJsonObject settings;
    QJsonObject summary;
    QString toolVersion;
    double durationSeconds = 0;
    double createdAt = 0;
};

struct RunCheckpoint {
    qint64 step = 0;
    QString path; // absolute
};

struct ScrubbableRun {
    qint64 runId = 0;
    QString name;
    QList<RunCheckpoint> checkpoints; // by step, each step once, files that exist
};

struct EvaluationListing {
    QList<StoredEvaluation> evaluations; // newest first
    QList<ScrubbableRun> runs;           // newest first, those with checkpoints
    QStringList datasets;                // the project's, by name
    QString error;
};
EvaluationListing loadEvaluationListing(const QString& projectDir);

struct EvaluationExamples {
    qint64 id = 0;
    QJsonArray rows; // in stored order
    QString error;
};
EvaluationExamples loadEvaluationExamples(const QString& projectDir, qint64 evaluationId);

// Deletes the evaluation with its examples; returns the error, empty on success.
QString deleteStoredEvaluation(const QString& projectDir, qint64 evaluationId);

} // namespace lw::ui::evaluate
