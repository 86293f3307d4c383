#pragma once
// Follows a run whose process is not our child (started by an earlier session of the
// app, or by the command line) by polling the project store: the metrics and samples
// since the last poll, the run's status, and whether its process still holds the run
// lock. The run is listed with the app's jobs (JobSupervisor::adoptRun), so the status
// bar shows its progress and ETA and can cancel it: SIGTERM, which the worker treats as
// `cancel`. It cannot be paused: a worker reads pause and resume on its standard input,
// which only the process that started it holds.
#include "ui/panels/train/run_feed.h"

#include <QMap>
#include <QPointer>
#include <QTimer>

namespace lw::ui {

class JobSupervisor;
struct StoredRun;

class StoreRunFeed : public RunFeed {
    Q_OBJECT
public:
    static constexpr int kPollIntervalMs = 500;

    // `supervisor` may be null (then the run is not listed with the jobs).
    StoreRunFeed(const QString& projectDir, qint64 runId, JobSupervisor* supervisor, QObject* parent = nullptr);
    ~StoreRunFeed() override;
    void start(); // polls at once, then every kPollIntervalMs

    bool canPause() const override { return false; }
    bool pause() override { return false; }
    bool resume() override { return false; }
    bool cancel() override;
    int jobId() const { return m_jobId; } // in the supervisor, 0 before the first poll

private:
    void poll();
    void onPolled(const StoredRun& result);
    void finish(const QString& status, const QString& message);

    QString m_projectDir;
    qint64 m_wantedRunId;
    QPointer<JobSupervisor> m_supervisor; // the app may take it down before this feed
    int m_jobId = 0;
    QTimer m_timer;
    bool m_polling = false;
    bool m_identified = false;
    QString m_samplePrompt; // the run's, from its configuration: samples continue it
    QMap<QString, qint64> m_lastStepOf; // per metric: the highest step shown
    qint64 m_lastSampleStep = -1;
    qint64 m_pid = 0;
    bool m_sameHost = false;
    QString m_status;
    // Steps per second, measured from the metric times seen while following.
    double m_firstTime = -1, m_lastTime = -1;
    qint64 m_firstStep = 0;
};

} // namespace lw::ui
