#pragma once
// Follows a run whose process is not our child (started by an earlier session of the
// app, or by the command line) by polling the project store: the metrics and samples
// since the last poll, the run's status, and whether its process still holds the run
// lock. Such a run can be cancelled (SIGTERM, which the worker treats as `cancel`) but
// not paused: pausing needs the worker's stdin.
#include "ui/panels/train/run_feed.h"

#include <QMap>
#include <QTimer>

namespace lw::ui {

struct StorePoll;

class StoreRunFeed : public RunFeed {
    Q_OBJECT
public:
    static constexpr int kPollIntervalMs = 500;

    StoreRunFeed(const QString& projectDir, qint64 runId, QObject* parent = nullptr);
    void start(); // polls at once, then every kPollIntervalMs

    bool canPause() const override { return false; }
    bool pause() override { return false; }
    bool resume() override { return false; }
    bool cancel() override;

private:
    void poll();
    void onPolled(const StorePoll& result);

    QString m_projectDir;
    qint64 m_wantedRunId;
    QTimer m_timer;
    bool m_polling = false;
    bool m_identified = false;
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
