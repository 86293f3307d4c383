#pragma once
// The Evaluate panel's jobs, one after the other: one `llmwb eval` worker per model (or
// per checkpoint when scrubbing a run). Each is a DataJob (progress with ETA, result,
// error, cancel); the queue adds the overall progress and its ETA. A job that fails is
// reported and the next one starts; cancel stops the running job (SIGTERM, the worker
// stores nothing) and drops the rest.
#include "ui/shell/job_supervisor.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>

namespace lw::ui::data {
class DataJob;
}

namespace lw::ui::evaluate {

class EvalQueue : public QObject {
    Q_OBJECT
public:
    explicit EvalQueue(JobSupervisor* supervisor, QObject* parent = nullptr);

    // False (nothing started) while a queue runs or when `jobs` is empty.
    bool start(const QList<JobSpec>& jobs);
    void cancel();
    bool isRunning() const { return m_running; }
    int current() const { return m_index; } // -1 when idle
    int total() const { return int(m_jobs.size()); }
    data::DataJob* job() const { return m_job; }

    // The whole queue's fraction when `done` jobs of `total` have ended and the running
    // one is at `jobFraction`.
    static double overallFraction(int done, int total, double jobFraction);

Q_SIGNALS:
    void jobStarted(int index, int total, const QString& title);
    // `jobEta` and `overallEta` in seconds, -1 while unknown.
    void progress(double jobFraction, double jobEta, double overallFraction, double overallEta,
                  const QString& message);
    void jobSucceeded(int index, const QJsonObject& result);
    void jobFailed(int index, const QString& title, const QString& message);
    void finished(int succeeded, int failed, bool cancelled);
    void runningChanged(bool running);

private:
    void startNext();
    void endQueue(bool cancelled);

    data::DataJob* m_job;
    QList<JobSpec> m_jobs;
    bool m_running = false;
    int m_index = -1;
    int m_succeeded = 0;
    int m_failed = 0;
    bool m_cancelling = false;
    QElapsedTimer m_clock;
};

} // namespace lw::ui::evaluate
