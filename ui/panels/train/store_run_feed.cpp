#include "ui/panels/train/store_run_feed.h"

#include "ui/panels/train/run_store_reader.h"
#include "ui/shell/background.h"
#include "ui/shell/job_supervisor.h"

#include <csignal>

namespace lw::ui {

StoreRunFeed::StoreRunFeed(const QString& projectDir, qint64 runId, JobSupervisor* supervisor, QObject* parent)
    : RunFeed(parent), m_projectDir(projectDir), m_wantedRunId(runId), m_supervisor(supervisor)
{
    m_timer.setInterval(kPollIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StoreRunFeed::poll);
}

StoreRunFeed::~StoreRunFeed()
{
    // No longer followed (another project opened): no longer listed either.
    if (m_supervisor && m_jobId != 0 && !hasEnded())
        m_supervisor->endAdoptedRun(m_jobId, JobEnd{JobEnd::Kind::Finished, 0, QString(), QString()});
}

void StoreRunFeed::start()
{
    poll();
    m_timer.start();
}

bool StoreRunFeed::cancel()
{
    if (hasEnded() || m_pid <= 0 || !m_sameHost)
        return false;
    if (m_supervisor && m_jobId != 0)
        return m_supervisor->cancel(m_jobId);
    return ::kill(pid_t(m_pid), SIGTERM) == 0;
}

void StoreRunFeed::poll()
{
    if (m_polling || hasEnded())
        return;
    m_polling = true;
    StoredRunQuery query;
    query.projectDir = m_projectDir;
    query.runId = m_wantedRunId;
    query.afterStep = m_lastStepOf;
    query.samplesAfter = m_lastSampleStep;
    query.withConfig = !m_identified;
    runInBackground(this, [query] { return readStoredRun(query); },
                    [this](const StoredRun& result) { onPolled(result); });
}

void StoreRunFeed::finish(const QString& status, const QString& message)
{
    m_timer.stop();
    if (m_supervisor && m_jobId != 0)
        m_supervisor->endAdoptedRun(m_jobId, JobEnd{JobEnd::Kind::Finished, 0, message, status});
    end(status, message);
}

void StoreRunFeed::onPolled(const StoredRun& result)
{
    m_polling = false;
    if (hasEnded())
        return;
    if (!result.error.isEmpty()) {
        finish(QStringLiteral("failed"), result.error);
        return;
    }
    m_pid = result.pid;
    m_sameHost = result.sameHost;
    if (!m_identified) {
        m_identified = true;
        m_samplePrompt = result.config.value(QLatin1String("sample_prompt")).toString();
        if (m_supervisor)
            m_jobId = m_supervisor->adoptRun(tr("Run #%1 · %2").arg(m_wantedRunId).arg(result.name), m_projectDir,
                                             m_wantedRunId, m_sameHost ? m_pid : 0);
        identify(m_wantedRunId, result.name, result.config);
    }
    for (auto it = result.metrics.constBegin(); it != result.metrics.constEnd(); ++it) {
        m_lastStepOf[it.key()] = qint64(it.value().steps.last());
        Q_EMIT pointsArrived(it.key(), it.value().steps, it.value().values);
    }
    for (const auto& sample : result.samples) {
        m_lastSampleStep = qMax(m_lastSampleStep, sample.first);
        Q_EMIT sampleArrived(sample.first, m_samplePrompt, sample.second);
    }
    const auto loss = result.metrics.constFind(QStringLiteral("loss"));
    if (loss != result.metrics.constEnd()) {
        if (m_firstTime < 0) {
            m_firstTime = loss->lastTime;
            m_firstStep = qint64(loss->steps.last());
        }
        m_lastTime = loss->lastTime;
    }
    // The run's row may be updated less often than its metrics: the step is the newer of both.
    qint64 step = result.step;
    for (const qint64 shown : std::as_const(m_lastStepOf))
        step = qMax(step, shown);
    double eta = -1;
    const double elapsed = m_lastTime - m_firstTime;
    if (elapsed > 0 && step > m_firstStep) {
        const double stepsPerSecond = double(step - m_firstStep) / elapsed;
        eta = double(result.maxSteps - step) / stepsPerSecond;
    }
    const auto throughput = result.metrics.constFind(QStringLiteral("tokens_per_s"));
    const double tokensPerSecond = throughput != result.metrics.constEnd() ? throughput->values.last() : 0;
    if (!result.metrics.isEmpty() || m_status.isEmpty()) {
        Q_EMIT progressChanged(step, result.maxSteps, eta, tokensPerSecond);
        if (m_supervisor && m_jobId != 0 && result.maxSteps > 0)
            m_supervisor->reportAdoptedProgress(m_jobId, double(step) / double(result.maxSteps), eta);
    }
    const bool live = result.status == QLatin1String("running") || result.status == QLatin1String("paused");
    if (live && result.status != m_status) {
        m_status = result.status;
        if (m_supervisor && m_jobId != 0)
            m_supervisor->reportAdoptedStatus(m_jobId, m_status);
        Q_EMIT statusChanged(m_status);
    }
    if (!live && result.status != QLatin1String("created"))
        finish(result.status, result.errorMessage);
}

} // namespace lw::ui
