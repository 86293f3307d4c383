// The Fine-tune panel's run: starting it, following its events, and what can be done
// with it once it has ended (chat, merge).
#include "ui/panels/finetune/check_report_view.h"
#include "ui/panels/finetune/comparison_table.h"
#include "ui/panels/finetune/finetune_charts.h"
#include "ui/panels/finetune/finetune_form.h"
#include "ui/panels/finetune/finetune_panel.h"
#include "ui/panels/finetune/past_finetunes_box.h"
#include "ui/panels/train/job_run_feed.h"
#include "ui/panels/train/processes_section.h"
#include "ui/panels/train/run_progress_view.h"
#include "ui/panels/train/run_store_reader.h"
#include "ui/shell/background.h"
#include "ui/shell/job_supervisor.h"

#include <QDir>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>

namespace lw::ui::finetune {

namespace {

// "3" and "3:best" name run 3; other specs name no run.
qint64 runIdOfSpec(const QString& spec)
{
    bool ok = false;
    const qint64 id = spec.section(QLatin1Char(':'), 0, 0).toLongLong(&ok);
    return ok ? id : 0;
}

} // namespace

bool FinetunePanel::isRunning() const
{
    return m_runJob != 0 && m_supervisor->isActive(m_runJob);
}

void FinetunePanel::start()
{
    if (!m_startButton->isEnabled())
        return;
    startRequest(currentRequest());
}

void FinetunePanel::startDemo()
{
    if (isRunning() || m_projectDir.isEmpty())
        return;
    startRequest(currentRequest(true));
}

void FinetunePanel::resumeRun(qint64 runId)
{
    if (isRunning() || m_projectDir.isEmpty()) {
        Q_EMIT statusMessage(tr("A fine-tune is already running here; cancel it or wait for it to end first."));
        return;
    }
    // Every metric and the configuration (the fine-tune's settings say what it is).
    StoredRunQuery query;
    query.projectDir = m_projectDir;
    query.runId = runId;
    query.withConfig = true;
    query.allMetrics = true; // the rewards, margin and accuracy before the resume too
    const QString dir = m_projectDir;
    runInBackground(this, [query] { return readStoredRun(query); }, [this, runId, dir](const StoredRun& history) {
        if (dir != m_projectDir || isRunning())
            return;
        if (!history.error.isEmpty()) {
            Q_EMIT statusMessage(history.error);
            return;
        }
        QString problem;
        const std::optional<QStringList> processArguments = m_form->processesSection()->resumeArguments(
            runId, history.worldSize, qint64(history.config.value(QLatin1String("batch_size")).toDouble()), &problem);
        if (!processArguments) {
            Q_EMIT statusMessage(problem);
            return;
        }
        FinetuneRequest request;
        request.projectDir = m_projectDir;
        request.settings = history.config.value(QLatin1String("finetune")).toObject();
        request.training.insert(QStringLiteral("warmup_steps"), history.config.value(QLatin1String("warmup_steps")));
        followJob(m_supervisor->start(resumeFinetuneJob(m_projectDir, runId, history.name, *processArguments)), request);
        // Nothing of the worker can have been read yet: the history goes in first.
        m_feed->replayHistory(history);
    });
}

void FinetunePanel::startRequest(const FinetuneRequest& request)
{
    const int jobId = m_supervisor->start(finetuneJob(request));
    followJob(jobId, request);
}

void FinetunePanel::followJob(int jobId, const FinetuneRequest& request)
{
    delete m_feed;
    ++m_pastRunGeneration; // a past run still being read must not replace this one
    m_runJob = jobId;
    m_runId = 0;
    m_runDir.clear();
    m_runName.clear();
    m_adapterDir.clear();
    m_endStatus.clear();
    m_paused = false;
    m_runWorldSize = 1;
    m_form->processesSection()->clearResumeTarget(); // set again if this run stops resumable
    m_runMethod = request.settings.value(QLatin1String("method")).toString();
    m_baseSpec = request.settings.value(QLatin1String("base")).toString();
    m_baseRunId = runIdOfSpec(m_baseSpec);
    m_charts->clear();
    m_charts->setObjective(request.settings.value(QLatin1String("objective")).toString(QStringLiteral("sft")),
                           qint64(request.training.value(QLatin1String("warmup_steps")).toDouble()));
    m_comparison->setItems({});
    showClassification({});
    updateComparisonTitle();
    m_progress->clear();
    m_progress->setStatus(QStringLiteral("starting"));

    m_feed = new JobRunFeed(m_supervisor, jobId, this);
    connect(m_feed, &RunFeed::runIdentified, this,
            [this](qint64 runId, const QString& name, const QJsonObject& config) {
        m_runId = runId;
        m_progress->setRun(runId, name);
        adoptRunConfig(config);
        m_pastRuns->setShownRun(runId);
        m_pastRuns->setRunConfig(config);
        Q_EMIT runsChanged();
    });
    connect(m_supervisor, &JobSupervisor::runStarted, m_feed, [this, jobId](int id, const RunStartedEvent& e) {
        if (id == jobId) {
            m_runDir = e.runDir;
            m_runName = e.name;
        }
    });
    connect(m_feed, &RunFeed::pointsArrived, m_charts, &FinetuneCharts::appendPoints);
    connect(m_feed, &RunFeed::progressChanged, m_progress, &RunProgressView::setProgress);
    connect(m_feed, &RunFeed::worldSizeKnown, m_progress, &RunProgressView::setWorldSize);
    connect(m_feed, &RunFeed::worldSizeKnown, this, [this](int worldSize) { m_runWorldSize = worldSize; });
    connect(m_feed, &RunFeed::statusChanged, this, [this](const QString& status) {
        m_paused = status == QLatin1String("paused");
        if (status == QLatin1String("reference"))
            m_progress->setStatusText(tr("Scoring the answers with the base model (the reference)"));
        else
            m_progress->setStatus(status);
        updateButtons();
    });
    connect(m_feed, &RunFeed::ended, this, &FinetunePanel::onRunEnded);
    connect(m_supervisor, &JobSupervisor::progressReported, m_feed, [this, jobId](int id, const ProgressEvent& e) {
        if (id != jobId)
            return;
        const QString percent = QLocale().toString(100.0 * e.fraction, 'f', 0);
        m_progress->setStatusText(e.stage == QLatin1String("reference")
                                      ? tr("Scoring the answers with the base model: %1 %").arg(percent)
                                      : tr("Preparing the dataset for the model: %1 %").arg(percent));
    });
    updateButtons();
}

void FinetunePanel::adoptRunConfig(const QJsonObject& config)
{
    const QJsonObject settings = config.value(QLatin1String("finetune")).toObject();
    m_runMethod = settings.value(QLatin1String("method")).toString(m_runMethod);
    m_baseSpec = settings.value(QLatin1String("base")).toString(m_baseSpec);
    const QJsonObject base = config.value(QLatin1String("lineage")).toObject().value(QLatin1String("base")).toObject();
    const qint64 lineageRun = qint64(base.value(QLatin1String("run_id")).toDouble());
    m_baseRunId = lineageRun > 0 ? lineageRun : runIdOfSpec(m_baseSpec);
    // The worker's choices (--demo fills them) are the ones the curves follow.
    m_charts->setObjective(settings.value(QLatin1String("objective")).toString(QStringLiteral("sft")),
                           qint64(config.value(QLatin1String("warmup_steps")).toDouble()));
}

void FinetunePanel::onRunEnded(const QString& status, const QString& message)
{
    m_endStatus = status;
    m_paused = false;
    if (m_runId > 0 && (status == QLatin1String("interrupted") || status == QLatin1String("cancelled")))
        m_form->processesSection()->setResumeTarget(m_runId, m_runWorldSize); // Resume's default

    m_progress->setEnded();
    // The worker's message says why a run stopped early; a finished run needs none.
    const bool finished = status == QLatin1String("completed") || status == QLatin1String("early_stopped");
    m_progress->setStatus(status, finished ? QString() : message);
    loadRunFolder();
    m_runJob = 0;
    updateButtons();
    Q_EMIT runsChanged();
    Q_EMIT runEnded(status);
    refresh(); // a full fine-tune's checkpoint is a new base
}

void FinetunePanel::togglePause()
{
    if (!m_feed)
        return;
    if (m_paused)
        m_feed->resume();
    else
        m_feed->pause();
}

void FinetunePanel::chatWithIt()
{
    if (m_runMethod == QLatin1String("full"))
        Q_EMIT chatRequested(m_runId, QString());
    else if (!m_adapterDir.isEmpty() && m_baseRunId > 0)
        Q_EMIT chatRequested(m_baseRunId, m_adapterDir);
}

void FinetunePanel::mergeAdapter()
{
    if (m_adapterDir.isEmpty() || m_baseSpec.isEmpty())
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Merge adapter into a model"),
                                               tr("Name of the new model in the project:"), QLineEdit::Normal,
                                               QStringLiteral("%1-merged").arg(m_runName),
                                               &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    const int jobId = m_supervisor->start(adapterMergeJob(m_projectDir, m_baseSpec, m_adapterDir, name, QString()));
    m_mergeButton->setEnabled(false);
    auto* context = new QObject(this);
    connect(m_supervisor, &JobSupervisor::jobEnded, context, [this, jobId, name, context](int id, const JobEnd& end) {
        if (id != jobId)
            return;
        context->deleteLater();
        if (end.kind == JobEnd::Kind::Finished && end.exitCode == 0)
            Q_EMIT statusMessage(tr("Model %1 written: the base with the adapter merged in.").arg(name));
        else
            Q_EMIT statusMessage(tr("The merge failed: %1").arg(end.message));
        updateButtons();
        Q_EMIT runsChanged();
    });
}

} // namespace lw::ui::finetune
