#pragma once
// The demo model the Chat panel offers, trained the way Train's runs are: by an
// `llmwb train --demo --events` worker (or `--resume <id>` for a demo run that was
// cancelled or interrupted) started through the app's JobSupervisor, so that it shows in
// the status bar with its progress and ETA, survives panel switches, and makes quitting
// ask. A demo run that another process trains (`llmwb serve --model demo`, a second
// window, a worker left training by the last session) is followed through the store.
// Where it stands comes from core's findDemoRun (core/train/demo_run.h), read on a pool
// thread; the demo run is resumed, never started again, and only its final best
// checkpoint is handed out.
#include <QObject>
#include <QString>
#include <QTimer>

namespace lw::ui {

class JobSupervisor;
struct JobEnd;
struct StepEvent;
struct RunStartedEvent;

class DemoModelJob : public QObject {
    Q_OBJECT
public:
    enum class Phase {
        Idle,      // nothing asked yet
        Checking,  // reading the store
        Training,  // our worker trains (or resumes) it
        Following, // another process trains it: polling the store
        Ready,     // checkpoint() is the trained model
        Failed,    // error() says why; request() tries again
    };
    static constexpr int kFollowIntervalMs = 1000;

    DemoModelJob(JobSupervisor* supervisor, QObject* parent = nullptr);

    // The demo project (made by the worker when missing). Changing it forgets the model;
    // a request still waiting goes on in the new folder.
    void setProjectDir(const QString& dir);
    QString projectDir() const { return m_projectDir; }
    // LibTorch threads for a new demo run (0: all cores).
    void setThreads(int threads) { m_threads = threads; }

    // Makes the demo model ready: ready() soon when it is trained, else once it is.
    // Calls while it is being checked, trained or followed change nothing.
    void request();
    // Whether a request of an earlier session was still waiting for the model when the
    // app closed: the panel then asks again at start, resuming the training.
    bool wasWantedBefore() const;

    Phase phase() const { return m_phase; }
    bool isBusy() const { return m_phase == Phase::Checking || m_phase == Phase::Training || m_phase == Phase::Following; }
    QString checkpoint() const { return m_checkpoint; }
    QString error() const { return m_error; }
    qint64 runId() const { return m_runId; }
    int jobId() const { return m_jobId; } // our worker, 0 when none
    qint64 step() const { return m_step; }
    qint64 maxSteps() const { return m_maxSteps; }
    double etaSeconds() const { return m_etaSeconds; }

Q_SIGNALS:
    // The phase, the run or its step changed (for the status line).
    void progressChanged();
    void ready(const QString& checkpoint);
    void failed(const QString& message);

private:
    struct Found;
    void check();
    void onFound(const Found& found);
    void startWorker(qint64 resumeRunId);
    void onStep(int jobId, const StepEvent& event);
    void onRunStarted(int jobId, const RunStartedEvent& event);
    void onJobEnded(int jobId, const JobEnd& end);
    void fail(const QString& message);
    void setWanted(bool wanted);
    void setPhase(Phase phase);

    JobSupervisor* m_supervisor;
    QString m_projectDir;
    int m_threads = 0;
    Phase m_phase = Phase::Idle;
    QString m_checkpoint;
    QString m_error;
    qint64 m_runId = 0;
    int m_jobId = 0;
    qint64 m_step = 0;
    qint64 m_maxSteps = 0;
    double m_etaSeconds = -1;
    quint64 m_generation = 0; // a check answered after setProjectDir() is dropped
    QTimer m_followTimer;
};

} // namespace lw::ui
