#pragma once
// Runs jobs as worker processes (`llmwb ... --events`) and turns what they print into
// typed signals. Each job is a QProcess whose stdout is read as it arrives, never with
// a blocking wait, and split into JSON lines (docs/events.md); stderr lines become log
// messages. Lines that are not events are reported and skipped. Control commands go to
// the worker's stdin. A process that ends without its final event (`finished`,
// `result` or `error`) is reported as crashed, so a dying worker never takes the GUI
// with it and never leaves a job shown as running.
#include "ui/shell/worker_events.h"

#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QStringList>

#include <map>
#include <memory>

namespace lw::ui {

class JsonLineBuffer;

enum class JobKind { Train, TokenizerTrain, DataPrepare, Other };

struct JobSpec {
    JobKind kind = JobKind::Other;
    QString title;         // shown in the status bar and the log
    QStringList arguments; // given to the program
    QString program;       // empty: the worker (workerProgram())
    QString projectDir;    // the project the job works in (for the views that follow it)
    QStringList filesToRemoveAtEnd; // e.g. a configuration file written for the job
};

struct JobInfo {
    int id = 0;
    JobKind kind = JobKind::Other;
    QString title;
    QString projectDir;
    qint64 runId = 0;       // training jobs, once `run_started` came
    qint64 pid = 0;
    double fraction = -1;   // -1: unknown yet
    double etaSeconds = -1;
    QString status;         // "running" or "paused" (training)
};

class JobSupervisor : public QObject {
    Q_OBJECT
public:
    explicit JobSupervisor(QObject* parent = nullptr);
    // Jobs still running are cancelled the way SIGTERM cancels (training writes a
    // checkpoint), given a few seconds, then killed. Released jobs are not touched.
    ~JobSupervisor() override;

    // The worker program; by default found by workerProgramPath().
    void setWorkerProgram(const QString& path);
    QString workerProgram() const { return m_workerProgram; }

    // Starts a job and returns its id (> 0). A program that cannot start is reported by
    // jobEnded (Failed), after this returns.
    int start(const JobSpec& spec);

    // A training run found running in a process this app did not start (an earlier
    // session's worker, or the command line): listed with the jobs, so the status bar
    // shows it and its cancel button works (SIGTERM to `pid`, which the worker treats as
    // `cancel`; pid 0: not on this computer, so not cancellable). Nothing is read from
    // it: whoever follows the run reports its progress, status and end.
    int adoptRun(const QString& title, const QString& projectDir, qint64 runId, qint64 pid);
    void reportAdoptedProgress(int jobId, double fraction, double etaSeconds);
    void reportAdoptedStatus(int jobId, const QString& status);
    void endAdoptedRun(int jobId, const JobEnd& end);

    // Control commands on the worker's stdin; false when the job is not running.
    bool pause(int jobId);
    bool resume(int jobId);
    bool cancel(int jobId);
    // Signals: SIGTERM (the worker cancels cleanly) and SIGKILL (nothing more is written).
    bool terminate(int jobId);
    bool kill(int jobId);

    bool isActive(int jobId) const;
    QList<int> activeJobs() const;
    JobInfo info(int jobId) const; // id 0 when unknown
    // The training job following run `runId`, or 0.
    int jobForRun(qint64 runId) const;

    // Lets running training workers outlive this supervisor (the app is closing and the
    // user keeps them training): they are no longer followed or stopped from here, and
    // the next start of the app reattaches to them through the project store.
    void releaseTrainingJobs();

Q_SIGNALS:
    void jobStarted(int jobId);
    void runStarted(int jobId, const lw::ui::RunStartedEvent& event);
    void stepReported(int jobId, const lw::ui::StepEvent& event);
    void evalReported(int jobId, const lw::ui::EvalEvent& event);
    void sampleReported(int jobId, const lw::ui::SampleEvent& event);
    void checkpointWritten(int jobId, const lw::ui::CheckpointEvent& event);
    void statusChanged(int jobId, const QString& status, qint64 step);
    void progressReported(int jobId, const lw::ui::ProgressEvent& event);
    void resultReported(int jobId, const QJsonObject& result);
    void finishedReported(int jobId, const lw::ui::FinishedEvent& event);
    void errorReported(int jobId, const QString& message);
    // Events of other commands (e.g. `serve`: "listening", "request", "stopped").
    void otherEventReported(int jobId, const QString& type, const QJsonObject& event);
    // `log` events ("info", "warning"), stderr lines ("stderr"), and lines that were
    // not events ("ignored").
    void logMessage(int jobId, const QString& level, const QString& message);
    // Any job's progress, for the status bar: fraction 0..1, ETA in seconds (-1 unknown).
    void jobProgress(int jobId, double fraction, double etaSeconds);
    // Always the last signal of a job: its process is gone and its output read.
    void jobEnded(int jobId, const lw::ui::JobEnd& end);
    void activeJobsChanged();

private:
    struct Job;
    Job* find(int jobId) const;
    bool sendCommand(int jobId, const char* command);
    void readStdout(Job& job);
    void readStderr(Job& job);
    void handleLine(Job& job, const QByteArray& line);
    void handleEvent(Job& job, const QJsonObject& event);
    void onProcessFinished(int jobId, int exitCode, QProcess::ExitStatus status);
    void onProcessError(int jobId, QProcess::ProcessError error);
    void endJob(int jobId, const JobEnd& end);

    QString m_workerProgram;
    int m_nextId = 1;
    std::map<int, std::unique_ptr<Job>> m_jobs;
};

} // namespace lw::ui
