#pragma once
// One `llmwb data ... --events` job of the Data panel, followed through the job
// supervisor: its progress with an ETA (from the worker's, else from the time taken so
// far), its result, its error, or its cancellation. Cancel sends SIGTERM, which the
// worker takes as a request to stop; a job that was asked to stop reports cancelled(),
// whatever exit status it ended with.
#include "ui/shell/worker_events.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>

namespace lw::ui {
class JobSupervisor;
struct JobSpec;
}

namespace lw::ui::data {

class DataJob : public QObject {
    Q_OBJECT
public:
    explicit DataJob(JobSupervisor* supervisor, QObject* parent = nullptr);

    // False (and nothing started) while one is running.
    bool start(const JobSpec& spec);
    void cancel();
    bool isRunning() const { return m_jobId != 0; }
    int jobId() const { return m_jobId; }

    // The ETA from how long `fraction` took: -1 until there is enough to tell.
    static double estimateEta(double elapsedSeconds, double fraction);

Q_SIGNALS:
    void started();
    // `etaSeconds` -1: unknown yet (the worker's own, else estimated here).
    void progress(const lw::ui::ProgressEvent& event, double etaSeconds);
    void succeeded(const QJsonObject& result);
    void failed(const QString& message);
    void cancelled();
    void runningChanged(bool running);

private:
    void onEnded(int jobId, const JobEnd& end);

    JobSupervisor* m_supervisor;
    int m_jobId = 0;
    bool m_cancelRequested = false;
    QJsonObject m_result;
    QElapsedTimer m_clock;
};

} // namespace lw::ui::data
