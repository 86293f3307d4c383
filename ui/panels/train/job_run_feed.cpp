#include "ui/panels/train/job_run_feed.h"

#include "ui/panels/train/run_store_reader.h"
#include "ui/shell/job_supervisor.h"

#include <cmath>

namespace lw::ui {

JobRunFeed::JobRunFeed(JobSupervisor* supervisor, int jobId, QObject* parent)
    : RunFeed(parent), m_supervisor(supervisor), m_jobId(jobId)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &JobRunFeed::flush);

    connect(supervisor, &JobSupervisor::jobStarted, this, [this](int id) {
        if (id == m_jobId && m_cancelWhenStarted)
            m_supervisor->cancel(m_jobId);
    });
    connect(supervisor, &JobSupervisor::runStarted, this, [this](int id, const RunStartedEvent& e) {
        if (id == m_jobId)
            identify(e.runId, e.name, e.config);
    });
    connect(supervisor, &JobSupervisor::stepReported, this, [this](int id, const StepEvent& e) {
        if (id != m_jobId)
            return;
        const double step = double(e.step);
        if (std::isfinite(e.loss))
            m_batch.add(QStringLiteral("loss"), step, e.loss);
        m_batch.add(QStringLiteral("lr"), step, e.learningRate);
        m_batch.add(QStringLiteral("grad_norm"), step, e.gradNorm);
        m_batch.add(QStringLiteral("tokens_per_s"), step, e.tokensPerSecond);
        addMetrics(step, e.metrics);
        m_haveProgress = true;
        m_step = e.step;
        m_maxSteps = e.maxSteps;
        m_eta = e.etaSeconds;
        m_tokensPerSecond = e.tokensPerSecond;
        if (e.worldSize > 1 && e.worldSize != m_worldSize) {
            m_worldSize = e.worldSize;
            Q_EMIT worldSizeKnown(m_worldSize);
        }
        schedule();
    });
    connect(supervisor, &JobSupervisor::evalReported, this, [this](int id, const EvalEvent& e) {
        if (id != m_jobId || !std::isfinite(e.valLoss))
            return;
        m_batch.add(QStringLiteral("val_loss"), double(e.step), e.valLoss);
        addMetrics(double(e.step), e.metrics);
        schedule();
    });
    connect(supervisor, &JobSupervisor::sampleReported, this, [this](int id, const SampleEvent& e) {
        if (id == m_jobId)
            Q_EMIT sampleArrived(e.step, e.prompt, e.text);
    });
    connect(supervisor, &JobSupervisor::statusChanged, this, [this](int id, const QString& status, qint64) {
        if (id == m_jobId)
            Q_EMIT statusChanged(status);
    });
    connect(supervisor, &JobSupervisor::jobEnded, this, [this](int id, const JobEnd& end) {
        if (id == m_jobId)
            onJobEnded(end);
    });
}

bool JobRunFeed::pause() { return m_supervisor->pause(m_jobId); }
bool JobRunFeed::resume() { return m_supervisor->resume(m_jobId); }
bool JobRunFeed::cancel()
{
    if (m_supervisor->cancel(m_jobId))
        return true;
    // The process is still starting: the command goes out as soon as it runs.
    m_cancelWhenStarted = m_supervisor->isActive(m_jobId);
    return m_cancelWhenStarted;
}

void JobRunFeed::replayHistory(const StoredRun& history)
{
    // The live points that follow replace any of these from their step on (a run
    // resumed from an earlier checkpoint logs those steps again).
    for (auto it = history.metrics.constBegin(); it != history.metrics.constEnd(); ++it)
        Q_EMIT pointsArrived(it.key(), it.value().steps, it.value().values);
    const QString prompt = history.config.value(QLatin1String("sample_prompt")).toString();
    for (const auto& [step, text] : history.samples)
        Q_EMIT sampleArrived(step, prompt, text);
    if (history.maxSteps > 0)
        Q_EMIT progressChanged(history.step, history.maxSteps, -1, 0);
}

void JobRunFeed::addMetrics(double step, const QJsonObject& metrics)
{
    for (auto it = metrics.constBegin(); it != metrics.constEnd(); ++it)
        if (it.value().isDouble() && std::isfinite(it.value().toDouble()))
            m_batch.add(it.key(), step, it.value().toDouble());
}

void JobRunFeed::schedule()
{
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void JobRunFeed::flush()
{
    const auto batches = m_batch.take();
    for (auto it = batches.constBegin(); it != batches.constEnd(); ++it)
        Q_EMIT pointsArrived(it.key(), it.value().steps, it.value().values);
    if (m_haveProgress) {
        m_haveProgress = false;
        Q_EMIT progressChanged(m_step, m_maxSteps, m_eta, m_tokensPerSecond);
    }
}

void JobRunFeed::onJobEnded(const JobEnd& end)
{
    m_flushTimer.stop();
    flush();
    switch (end.kind) {
    case JobEnd::Kind::Finished:
        RunFeed::end(end.finishedStatus.isEmpty() ? QStringLiteral("completed") : end.finishedStatus, end.message);
        break;
    case JobEnd::Kind::Failed:
        RunFeed::end(QStringLiteral("failed"), end.message);
        break;
    case JobEnd::Kind::Crashed:
        // Its run (if it got one) is left 'running' with a free lock: interrupted.
        RunFeed::end(QStringLiteral("interrupted"), end.message);
        break;
    }
}

} // namespace lw::ui
