#pragma once
// Follows a training job of ours (a run or a fine-tune) through its events; pause, resume and cancel go to
// the worker's stdin.
#include "ui/panels/train/metric_batch.h"
#include "ui/panels/train/run_feed.h"

#include <QTimer>

namespace lw::ui {

class JobSupervisor;
struct JobEnd;
struct StoredRun;

class JobRunFeed : public RunFeed {
    Q_OBJECT
public:
    static constexpr int kFlushIntervalMs = 50;

    JobRunFeed(JobSupervisor* supervisor, int jobId, QObject* parent = nullptr);

    int jobId() const { return m_jobId; }
    // Sends what the store held of a resumed run before it resumed (its metrics and
    // samples), ahead of the live events: call right after the feed is connected.
    void replayHistory(const StoredRun& history);
    bool canPause() const override { return true; }
    bool pause() override;
    bool resume() override;
    bool cancel() override;

private:
    void flush();
    void schedule();
    // The events' extra metrics (a fine-tune's rewards), as points of their own.
    void addMetrics(double step, const QJsonObject& metrics);
    void onJobEnded(const JobEnd& end);

    JobSupervisor* m_supervisor;
    int m_jobId;
    MetricBatch m_batch;
    QTimer m_flushTimer;
    bool m_haveProgress = false;
    bool m_cancelWhenStarted = false; // cancelled before its process was running
    qint64 m_step = 0, m_maxSteps = 0;
    double m_eta = -1, m_tokensPerSecond = 0;
    int m_worldSize = 1;
};

} // namespace lw::ui
