#include "ui/panels/evaluate/eval_queue.h"

#include "ui/panels/data/data_job.h"

#include <algorithm>

namespace lw::ui::evaluate {

EvalQueue::EvalQueue(JobSupervisor* supervisor, QObject* parent)
    : QObject(parent), m_job(new data::DataJob(supervisor, this))
{
    connect(m_job, &data::DataJob::progress, this, [this](const ProgressEvent& event, double jobEta) {
        const double overall = overallFraction(m_index, total(), event.fraction);
        Q_EMIT progress(event.fraction, jobEta, overall,
                        data::DataJob::estimateEta(m_clock.elapsed() / 1000.0, overall), event.message);
    });
    connect(m_job, &data::DataJob::succeeded, this, [this](const QJsonObject& result) {
        ++m_succeeded;
        Q_EMIT jobSucceeded(m_index, result);
        startNext();
    });
    connect(m_job, &data::DataJob::failed, this, [this](const QString& message) {
        ++m_failed;
        Q_EMIT jobFailed(m_index, m_jobs.at(m_index).title, message);
        startNext();
    });
    connect(m_job, &data::DataJob::cancelled, this, [this] { endQueue(true); });
}

double EvalQueue::overallFraction(int done, int total, double jobFraction)
{
    if (total <= 0)
        return 0;
    return std::clamp((done + std::clamp(jobFraction, 0.0, 1.0)) / total, 0.0, 1.0);
}

bool EvalQueue::start(const QList<JobSpec>& jobs)
{
    if (isRunning() || jobs.isEmpty())
        return false;
    m_jobs = jobs;
    m_index = -1;
    m_succeeded = m_failed = 0;
    m_cancelling = false;
    m_running = true;
    m_clock.start();
    Q_EMIT runningChanged(true);
    startNext();
    return true;
}

void EvalQueue::cancel()
{
    if (!isRunning() || m_cancelling)
        return;
    m_cancelling = true;
    if (m_job->isRunning())
        m_job->cancel(); // its cancelled() ends the queue
    else
        endQueue(true);
}

void EvalQueue::startNext()
{
    if (m_cancelling) {
        endQueue(true);
        return;
    }
    ++m_index;
    if (m_index >= total()) {
        endQueue(false);
        return;
    }
    const JobSpec& spec = m_jobs.at(m_index);
    Q_EMIT jobStarted(m_index, total(), spec.title);
    Q_EMIT progress(0, -1, overallFraction(m_index, total(), 0), -1, QString());
    m_job->start(spec);
}

void EvalQueue::endQueue(bool cancelled)
{
    if (!m_running)
        return;
    m_running = false;
    m_index = -1;
    m_cancelling = false;
    m_jobs.clear();
    Q_EMIT runningChanged(false);
    Q_EMIT finished(m_succeeded, m_failed, cancelled);
}

} // namespace lw::ui::evaluate
