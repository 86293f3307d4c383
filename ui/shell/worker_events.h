#pragma once
// The worker protocol's events (docs/events.md) as typed values. Parsing is lenient in
// the way the protocol asks: unknown fields are ignored, missing ones keep defaults.
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cmath>
#include <limits>

namespace lw::ui {

struct RunStartedEvent {
    qint64 runId = 0;
    QString runDir;
    QString name;
    QJsonObject config;
    qint64 parameters = 0;
    QString resumedFrom; // empty for a new run
    static RunStartedEvent fromJson(const QJsonObject& json);
};

struct StepEvent {
    qint64 step = 0;
    qint64 maxSteps = 0;
    double loss = std::numeric_limits<double>::quiet_NaN();
    double learningRate = 0;
    double gradNorm = 0;
    double tokensPerSecond = 0;
    qint64 tokensSeen = 0;
    double epoch = 0;
    double elapsedSeconds = 0;
    double etaSeconds = -1;
    int worldSize = 1; // processes training the run; tokensPerSecond is theirs together
    // Extra per-step numbers some jobs report (fine-tunes with a preference objective:
    // rewards_chosen, reward_margin, ...), by the store's metric name.
    QJsonObject metrics;
    static StepEvent fromJson(const QJsonObject& json);
};

struct EvalEvent {
    qint64 step = 0;
    double valLoss = std::numeric_limits<double>::quiet_NaN();
    double bestValLoss = std::numeric_limits<double>::quiet_NaN();
    qint64 bestStep = 0;
    bool improved = false;
    QJsonObject metrics; // as StepEvent's (val_rewards_chosen, ...)
    static EvalEvent fromJson(const QJsonObject& json);
};

struct SampleEvent {
    qint64 step = 0;
    QString prompt;
    QString text;
    static SampleEvent fromJson(const QJsonObject& json);
};

struct CheckpointEvent {
    QString kind; // "periodic" or "best"
    qint64 step = 0;
    QString path;
    qint64 bytes = 0;
    static CheckpointEvent fromJson(const QJsonObject& json);
};

struct FinishedEvent {
    QString status; // completed, early_stopped, cancelled, diverged
    qint64 step = 0;
    QString message;
    QString lastCheckpoint;
    QString bestCheckpoint;
    double bestValLoss = std::numeric_limits<double>::quiet_NaN();
    static FinishedEvent fromJson(const QJsonObject& json);
};

struct ProgressEvent {
    QString stage;
    double fraction = 0;
    double etaSeconds = -1;
    QString message;
    qint64 rows = -1;     // rows done so far (data jobs); -1 when not told
    qint64 rejected = -1; // rows refused so far (imports); -1 when not told
    static ProgressEvent fromJson(const QJsonObject& json);
};

// How a job's process ended, told once after everything it printed was read.
struct JobEnd {
    enum class Kind {
        Finished, // a training job sent `finished`, or a job sent `result`, and exited
        Failed,   // it sent `error`, or exited non-zero without a final event
        Crashed   // killed by a signal, or exited without a final event
    };
    Kind kind = Kind::Finished;
    int exitCode = 0;
    QString message; // the error, the finished message, or what is known of a crash
    QString finishedStatus; // training only: the `finished` status when one came
};

// "1h 02m", "4m 05s", "12s"; "" for unknown (negative or absurd) values.
QString formatEta(double seconds);

} // namespace lw::ui

Q_DECLARE_METATYPE(lw::ui::RunStartedEvent)
Q_DECLARE_METATYPE(lw::ui::StepEvent)
Q_DECLARE_METATYPE(lw::ui::EvalEvent)
Q_DECLARE_METATYPE(lw::ui::SampleEvent)
Q_DECLARE_METATYPE(lw::ui::CheckpointEvent)
Q_DECLARE_METATYPE(lw::ui::FinishedEvent)
Q_DECLARE_METATYPE(lw::ui::ProgressEvent)
Q_DECLARE_METATYPE(lw::ui::JobEnd)
