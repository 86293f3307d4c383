#include "ui/panels/data/data_job.h"

#include "ui/shell/job_supervisor.h"

#include <QCoreApplication>

namespace lw::ui::data {

DataJob::DataJob(JobSupervisor* supervisor, QObject* parent) : QObject(parent), m_supervisor(supervisor)
{
    connect(m_supervisor, &JobSupervisor::progressReported, this, [this](int jobId, const ProgressEvent& e) {
        if (jobId != m_jobId)
            return;
        const double eta = e.etaSeconds >= 0 ? e.etaSeconds : estimateEta(m_clock.elapsed() / 1000.0, e.fraction);
        Q_EMIT progress(e, eta);
    });
    connect(m_supervisor, &JobSupervisor::resultReported, this, [this](int jobId, const QJsonObject& result) {
        if (jobId == m_jobId)
            m_result = result;
    });
    connect(m_supervisor, &JobSupervisor::jobEnded, this, &DataJob::onEnded);
}

bool DataJob::start(const JobSpec& spec)
{
    if (m_jobId != 0)
        return false;
    m_cancelRequested = false;
    m_result = {};
    m_clock.start();
    m_jobId = m_supervisor->start(spec);
    Q_EMIT started();
    Q_EMIT runningChanged(true);
    return true;
}

void DataJob::cancel()
{
    if (m_jobId == 0 || m_cancelRequested)
        return;
    m_cancelRequested = true;
    m_supervisor->terminate(m_jobId);
}

double DataJob::estimateEta(double elapsedSeconds, double fraction)
{
    // Below 2 % (or in the first second) the rate says too little to be shown.
    if (fraction < 0.02 || fraction >= 1 || elapsedSeconds < 1)
        return -1;
    return elapsedSeconds * (1 - fraction) / fraction;
}

void DataJob::onEnded(int jobId, const JobEnd& end)
{
    if (jobId != m_jobId || jobId == 0)
        return;
    m_jobId = 0;
    const bool wasCancelled = m_cancelRequested;
    m_cancelRequested = false;
    Q_EMIT runningChanged(false);
    if (end.kind == JobEnd::Kind::Finished && !m_result.isEmpty())
        Q_EMIT succeeded(m_result);
    else if (wasCancelled)
        Q_EMIT cancelled();
    else
        Q_EMIT failed(end.message.isEmpty()
                          ? QCoreApplication::translate("lw::ui::data::DataJob", "The job ended without a result.")
                          : end.message);
}

} // namespace lw::ui::data
