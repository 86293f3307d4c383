#include "ui/panels/train/train_panel.h"

#include "ui/panels/train/dataset_section.h"
#include "ui/panels/train/job_run_feed.h"
#include "ui/panels/train/run_progress_view.h"
#include "ui/panels/train/run_status_text.h"
#include "ui/panels/train/store_run_feed.h"
#include "ui/panels/train/tokenizer_section.h"
#include "ui/panels/train/train_charts.h"
#include "ui/panels/train/train_jobs.h"
#include "ui/panels/train/train_setup_view.h"
#include "ui/panels/train/file_drop_list.h"
#include "ui/shell/background.h"
#include "ui/shell/demo_bootstrap.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/preferences.h"

#include <QCoreApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

QPushButton* makeButton(QWidget* parent, const char* name, const char* icon)
{
    auto* button = new QPushButton(QIcon(QLatin1String(icon)), QString(), parent);
    button->setObjectName(QLatin1String(name));
    return button;
}

} // namespace

TrainPanel::TrainPanel(JobSupervisor* supervisor, Preferences* preferences, QWidget* parent)
    : QWidget(parent), m_supervisor(supervisor), m_preferences(preferences)
{
    m_setup = new TrainSetupView(this);
    m_charts = new TrainCharts(this);
    m_progress = new RunProgressView(this);
    m_start = makeButton(this, "startButton", ":/icons/start.svg");
    m_start->setDefault(true);
    m_pause = makeButton(this, "pauseButton", ":/icons/pause.svg");
    m_resume = makeButton(this, "resumeButton", ":/icons/resume.svg");
    m_cancel = makeButton(this, "cancelButton", ":/icons/cancel.svg");
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("startHint"));
    m_hint->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    for (QPushButton* button : {m_start, m_pause, m_resume, m_cancel})
        buttons->addWidget(button);
    buttons->addWidget(m_hint, 1);

    auto* liveSplitter = new QSplitter(Qt::Vertical, this);
    liveSplitter->addWidget(m_charts);
    liveSplitter->addWidget(m_progress);
    liveSplitter->setStretchFactor(0, 3);
    liveSplitter->setStretchFactor(1, 1);
    liveSplitter->setChildrenCollapsible(false);
    auto* live = new QWidget(this);
    auto* liveLayout = new QVBoxLayout(live);
    liveLayout->setContentsMargins(0, 0, 0, 0);
    liveLayout->addLayout(buttons);
    liveLayout->addWidget(liveSplitter, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_setup);
    splitter->addWidget(live);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 5);
    splitter->setSizes({380, 900});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    connect(m_start, &QPushButton::clicked, this, &TrainPanel::startTraining);
    connect(m_pause, &QPushButton::clicked, this, &TrainPanel::pauseTraining);
    connect(m_resume, &QPushButton::clicked, this, &TrainPanel::resumeTraining);
    connect(m_cancel, &QPushButton::clicked, this, &TrainPanel::cancelTraining);
    connect(m_setup, &TrainSetupView::setupChanged, this, &TrainPanel::updateButtons);
    connect(m_setup->tokenizerSection(), &TokenizerSection::trainRequested, this, &TrainPanel::trainTokenizer);
    connect(m_setup->datasetSection(), &DatasetSection::prepareRequested, this, &TrainPanel::prepareDataset);
    connect(m_supervisor, &JobSupervisor::jobEnded, this, &TrainPanel::onSideJobEnded);
    retranslate();
    updateButtons();
}

TrainPanel::~TrainPanel() = default;

void TrainPanel::setProjectDir(const QString& dir)
{
    if (dir == m_projectDir)
        return;
    m_projectDir = dir;
    if (m_feed && qobject_cast<StoreRunFeed*>(m_feed.data())) {
        m_feed->disconnect(this); // a run of the previous project: stop polling it
        m_feed->deleteLater();
    }
    if (!isBusy()) {
        m_charts->clear();
        m_progress->clear();
        m_statusKey.clear();
        m_lastRunId = 0;
        m_lastRunResumable = false;
    }
    m_reattachOnLoad = true;
    refreshCatalog();
}

void TrainPanel::applyDemo(const DemoProjectInfo& demo)
{
    m_pendingDataset = demo.datasetName;
    m_pendingPreset = demo.preset;
    m_pendingConfig = demo.config;
    if (demo.projectDir == m_projectDir)
        refreshCatalog();
    else
        setProjectDir(demo.projectDir);
}

void TrainPanel::addTextFiles(const QStringList& paths)
{
    m_setup->datasetSection()->fileList()->addPaths(paths);
}

bool TrainPanel::isBusy() const
{
    return m_feed && !m_feed->hasEnded();
}

void TrainPanel::refreshCatalog()
{
    if (m_projectDir.isEmpty())
        return;
    if (m_catalogLoading) {
        m_catalogAgain = true;
        return;
    }
    m_catalogLoading = true;
    const QString dir = m_projectDir;
    runInBackground(this, [dir] { return ProjectCatalog::load(dir); },
                    [this](const ProjectCatalog& catalog) { onCatalogLoaded(catalog); });
}

void TrainPanel::onCatalogLoaded(const ProjectCatalog& catalog)
{
    m_catalogLoading = false;
    if (m_catalogAgain || catalog.projectDir != m_projectDir) {
        m_catalogAgain = false;
        refreshCatalog();
        return;
    }
    if (!catalog.error.isEmpty())
        m_setup->showMessage(catalog.error, true);
    m_setup->setCatalog(catalog);
    if (!m_pendingTokenizer.isEmpty() && m_setup->tokenizerSection()->selectTokenizer(m_pendingTokenizer))
        m_pendingTokenizer.clear();
    if (!m_pendingDataset.isEmpty() && m_setup->datasetSection()->selectDataset(m_pendingDataset)) {
        m_pendingDataset.clear();
        if (!m_pendingConfig.isEmpty())
            m_setup->applyConfig(m_pendingConfig, m_pendingPreset);
        m_pendingConfig = {};
        m_pendingPreset.clear();
    }
    // Runs still training in processes of their own (started before the app last
    // closed, or from the command line): follow the newest one.
    if (m_reattachOnLoad && !isBusy()) {
        for (const LiveRunEntry& run : catalog.liveRuns) {
            if (m_supervisor->jobForRun(run.id) != 0)
                continue;
            auto* feed = new StoreRunFeed(m_projectDir, run.id, this);
            follow(feed);
            feed->start();
            Q_EMIT statusMessage(tr("Reattached to run #%1 (%2), still training").arg(run.id).arg(run.name));
            break;
        }
    }
    m_reattachOnLoad = false;
    updateButtons();
    Q_EMIT catalogRefreshed();
}

void TrainPanel::startTraining()
{
    if (isBusy() || m_projectDir.isEmpty())
        return;
    const QString problem = m_setup->problem();
    if (!problem.isEmpty()) {
        m_setup->showMessage(problem, true);
        return;
    }
    m_setup->showMessage(QString(), false);
    NewRunOptions options;
    options.projectDir = m_projectDir;
    options.dataset = m_setup->datasetSection()->currentDataset()->name;
    options.config = m_setup->trainConfig();
    options.threads = m_preferences ? m_preferences->threads() : 0;
    options.device = m_preferences ? m_preferences->device() : QString();
    QString error;
    const JobSpec spec = newRunJob(options, &error);
    if (spec.arguments.isEmpty()) {
        m_setup->showMessage(error, true);
        return;
    }
    follow(new JobRunFeed(m_supervisor, m_supervisor->start(spec), this));
}

void TrainPanel::resumeRun(qint64 runId)
{
    if (isBusy()) {
        Q_EMIT statusMessage(tr("A run is already being followed here; cancel it or wait for it to end first."));
        return;
    }
    follow(new JobRunFeed(m_supervisor, m_supervisor->start(resumeRunJob(m_projectDir, runId, QString())), this));
}

void TrainPanel::follow(RunFeed* feed)
{
    if (m_feed) {
        m_feed->disconnect(this); // nothing more from the run followed before
        m_feed->deleteLater();
    }
    m_feed = feed;
    m_charts->clear();
    m_progress->clear();
    setStatusKey(QStringLiteral("starting"));
    connect(feed, &RunFeed::runIdentified, this, [this](qint64 runId, const QString& name, const QJsonObject&) {
        m_lastRunId = runId;
        m_progress->setRun(runId, name);
        setStatusKey(QStringLiteral("running"));
        Q_EMIT runsChanged();
    });
    connect(feed, &RunFeed::pointsArrived, m_charts, &TrainCharts::appendPoints);
    connect(feed, &RunFeed::progressChanged, m_progress, &RunProgressView::setProgress);
    connect(feed, &RunFeed::sampleArrived, m_progress, &RunProgressView::addSample);
    connect(feed, &RunFeed::statusChanged, this, [this](const QString& status) {
        setStatusKey(status);
        Q_EMIT runsChanged();
    });
    connect(feed, &RunFeed::ended, this, &TrainPanel::onRunEnded);
    updateButtons();
}

void TrainPanel::onRunEnded(const QString& status, const QString& message)
{
    setStatusKey(status);
    const qint64 runId = m_feed ? m_feed->runId() : 0;
    m_lastRunResumable = runId > 0 && (status == QLatin1String("interrupted") || status == QLatin1String("cancelled"));
    if (status == QLatin1String("interrupted"))
        m_setup->showMessage(runId > 0 ? tr("The worker stopped unexpectedly. Run #%1 is interrupted; Resume continues "
                                            "it from its last checkpoint.")
                                             .arg(runId)
                                       : tr("The worker stopped unexpectedly before the run began."),
                             true);
    else if (status == QLatin1String("failed") || status == QLatin1String("diverged"))
        m_setup->showMessage(message, true);
    Q_EMIT statusMessage(runId > 0 ? tr("Run #%1: %2").arg(runId).arg(runStatusSentence(status)) : runStatusSentence(status));
    updateButtons();
    // The catalog read marks a crashed run interrupted in the store before the Runs
    // panel is asked to show it.
    connect(this, &TrainPanel::catalogRefreshed, this, [this, runId, status] {
        Q_EMIT runsChanged();
        Q_EMIT runEnded(runId, status);
    }, Qt::SingleShotConnection);
    refreshCatalog();
}

void TrainPanel::pauseTraining()
{
    if (m_feed && m_statusKey == QLatin1String("running") && m_feed->canPause())
        m_feed->pause();
}

void TrainPanel::resumeTraining()
{
    if (m_feed && !m_feed->hasEnded() && m_statusKey == QLatin1String("paused"))
        m_feed->resume();
    else if (!isBusy() && m_lastRunResumable && m_lastRunId > 0)
        resumeRun(m_lastRunId);
}

void TrainPanel::togglePause()
{
    if (m_statusKey == QLatin1String("paused"))
        resumeTraining();
    else
        pauseTraining();
}

void TrainPanel::cancelTraining()
{
    if (isBusy())
        m_feed->cancel();
}

void TrainPanel::trainTokenizer(const QString& kind, int vocabSize, const QString& name)
{
    m_pendingTokenizer = name;
    m_tokenizerJob = m_supervisor->start(
        tokenizerJob(m_projectDir, kind, vocabSize, m_setup->datasetSection()->textFiles(), name));
    m_setup->tokenizerSection()->setBusy(true);
    m_setup->showMessage(tr("Training tokenizer %1…").arg(name), false);
}

void TrainPanel::prepareDataset(const QStringList& files, const QString& name)
{
    m_pendingDataset = name;
    m_prepareJob = m_supervisor->start(
        prepareDatasetJob(m_projectDir, files, m_setup->tokenizerSection()->currentTokenizer(), name));
    m_setup->datasetSection()->setBusy(true);
    m_setup->showMessage(tr("Preparing dataset %1…").arg(name), false);
}

void TrainPanel::onSideJobEnded(int jobId, const JobEnd& end)
{
    if (jobId != m_tokenizerJob && jobId != m_prepareJob)
        return;
    const bool tokenizer = jobId == m_tokenizerJob;
    (tokenizer ? m_tokenizerJob : m_prepareJob) = 0;
    if (tokenizer)
        m_setup->tokenizerSection()->setBusy(false);
    else
        m_setup->datasetSection()->setBusy(false);
    if (end.kind == JobEnd::Kind::Finished) {
        m_setup->showMessage(tokenizer ? tr("Tokenizer %1 is ready.").arg(m_pendingTokenizer)
                                       : tr("Dataset %1 is ready.").arg(m_pendingDataset),
                             false);
    } else {
        m_setup->showMessage(end.message, true);
        (tokenizer ? m_pendingTokenizer : m_pendingDataset).clear();
    }
    refreshCatalog();
}

void TrainPanel::setStatusKey(const QString& key)
{
    m_statusKey = key;
    m_progress->setStatusText(runStatusSentence(key));
    updateButtons();
}

void TrainPanel::updateButtons()
{
    const bool busy = isBusy();
    const QString problem = m_projectDir.isEmpty() ? tr("Open a project first.") : m_setup->problem();
    m_start->setEnabled(!busy && problem.isEmpty());
    m_pause->setEnabled(busy && m_statusKey == QLatin1String("running") && m_feed->canPause());
    m_resume->setEnabled((busy && m_statusKey == QLatin1String("paused")) ||
                         (!busy && m_lastRunResumable && m_lastRunId > 0));
    m_cancel->setEnabled(busy && isLiveRunStatus(m_statusKey));
    m_hint->setText(busy ? QString() : problem);
    if (busy && m_feed && !m_feed->canPause())
        m_hint->setText(tr("This run trains in a process the app did not start: it can be cancelled, not paused."));
}

void TrainPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TrainPanel::retranslate()
{
    m_start->setText(tr("Train"));
    m_start->setToolTip(tr("Start a new run with this setup (Ctrl+Return)"));
    m_pause->setText(tr("Pause"));
    m_pause->setToolTip(tr("Pause between two steps (Ctrl+Shift+P)"));
    m_resume->setText(tr("Resume"));
    m_resume->setToolTip(tr("Go on with a paused run, or continue a stopped run from its last checkpoint (Ctrl+Shift+P)"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop after the current step and save a checkpoint (Ctrl+Shift+C)"));
    if (!m_statusKey.isEmpty())
        m_progress->setStatusText(runStatusSentence(m_statusKey));
    updateButtons();
}

} // namespace lw::ui
