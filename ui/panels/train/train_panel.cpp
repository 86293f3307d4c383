// TrainPanel: layout, and the runs it follows (start, resume, pause, cancel, reattach,
// end). Buttons and keys are in train_panel_controls.cpp; what the form shows and the
// side jobs feeding it in train_panel_setup.cpp.
#include "ui/panels/train/train_panel.h"

#include "ui/panels/train/config_error_text.h"
#include "ui/panels/train/dataset_section.h"
#include "ui/panels/train/job_run_feed.h"
#include "ui/panels/train/machine_memory.h"
#include "ui/panels/train/model_shape_editor.h"
#include "ui/panels/train/processes_section.h"
#include "ui/panels/train/run_progress_view.h"
#include "ui/panels/train/run_store_reader.h"
#include "ui/panels/train/run_summary.h"
#include "ui/panels/train/store_run_feed.h"
#include "ui/panels/train/tokenizer_section.h"
#include "ui/panels/train/train_charts.h"
#include "ui/panels/train/train_check_section.h"
#include "ui/panels/train/train_jobs.h"
#include "ui/panels/train/train_setup_view.h"
#include "ui/panels/train/file_drop_list.h"
#include "ui/shell/background.h"
#include "ui/shell/demo_bootstrap.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/preferences.h"
#include "ui/widgets/number_text.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

constexpr int kSaveDelayMs = 1000; // form edits come in bursts: one write per pause

QPushButton* makeButton(QWidget* parent, const char* name, const char* icon)
{
    auto* button = new QPushButton(QIcon(QLatin1String(icon)), QString(), parent);
    button->setObjectName(QLatin1String(name));
    return button;
}

} // namespace

TrainPanel::TrainPanel(JobSupervisor* supervisor, Preferences* preferences, QWidget* parent)
    : QWidget(parent), m_supervisor(supervisor), m_preferences(preferences), m_memory(new DeviceMemoryProbe(this))
{
    m_setup = new TrainSetupView(this);
    m_charts = new TrainCharts(this);
    m_progress = new RunProgressView(this);
    m_check = new TrainCheckSection(supervisor, this);
    m_start = makeButton(this, "startButton", ":/icons/start.svg");
    m_start->setDefault(true);
    m_pause = makeButton(this, "pauseButton", ":/icons/pause.svg");
    m_resume = makeButton(this, "resumeButton", ":/icons/resume.svg");
    m_cancel = makeButton(this, "cancelButton", ":/icons/cancel.svg");
    m_copyCommand = new QPushButton(this);
    m_copyCommand->setObjectName(QStringLiteral("copyCommandButton"));
    // Clicking the panel's background gives it the focus: its keys (Ctrl+Return) reach it.
    setFocusPolicy(Qt::ClickFocus);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("startHint"));
    m_hint->setWordWrap(true);
    // Active whenever the panel is shown, wherever the focus is in the window.
    m_copyCommandAction = new QAction(this);
    m_copyCommandAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    m_copyCommandAction->setShortcutContext(Qt::WindowShortcut);
    addAction(m_copyCommandAction);

    auto* buttons = new QHBoxLayout;
    for (QPushButton* button : {m_check->checkButton(), m_start, m_pause, m_resume, m_cancel})
        buttons->addWidget(button);
    buttons->addWidget(m_hint, 1);
    buttons->addWidget(m_copyCommand);

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
    liveLayout->addWidget(m_check);
    liveLayout->addWidget(liveSplitter, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_setup);
    splitter->addWidget(live);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(kSaveDelayMs);
    connect(&m_saveTimer, &QTimer::timeout, this, &TrainPanel::saveSetupNow);
    connect(m_start, &QPushButton::clicked, this, &TrainPanel::startTraining);
    connect(m_pause, &QPushButton::clicked, this, &TrainPanel::pauseTraining);
    connect(m_resume, &QPushButton::clicked, this, &TrainPanel::resumeTraining);
    connect(m_cancel, &QPushButton::clicked, this, &TrainPanel::cancelTraining);
    connect(m_copyCommand, &QPushButton::clicked, this, &TrainPanel::copyCommandLine);
    connect(m_copyCommandAction, &QAction::triggered, this, &TrainPanel::copyCommandLine);
    connect(m_check->checkButton(), &QPushButton::clicked, this, &TrainPanel::checkTraining);
    connect(m_check, &TrainCheckSection::stateChanged, this, &TrainPanel::updateButtons);
    connect(m_setup, &TrainSetupView::setupChanged, this, [this] {
        m_check->clear(); // the report answered the setup as it was
        updateButtons();
        scheduleSetupSave();
    });
    connect(m_setup->tokenizerSection(), &TokenizerSection::trainRequested, this, &TrainPanel::trainTokenizer);
    connect(m_setup->datasetSection(), &DatasetSection::prepareRequested, this, &TrainPanel::prepareDataset);
    connect(m_supervisor, &JobSupervisor::jobEnded, this, &TrainPanel::onSideJobEnded);
    connect(m_memory, &DeviceMemoryProbe::memoryKnown, this, &TrainPanel::updateMemoryBudget);
    if (m_preferences)
        connect(m_preferences, &Preferences::changed, this, &TrainPanel::updateMemoryBudget);
    retranslate();
    updateMemoryBudget();
    updateButtons();
}

TrainPanel::~TrainPanel() = default;

void TrainPanel::setProjectDir(const QString& dir)
{
    if (dir == m_projectDir)
        return;
    if (m_saveTimer.isActive())
        saveSetupNow(); // the previous project's last edits
    m_projectDir = dir;
    m_setup->processesSection()->clearResumeTarget(); // a run id of the previous project
    m_check->clear(); // its report answered the previous project's setup
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
    m_restoreOnLoad = true;
    m_setupRestored = false;
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
    return m_resumeStarting || (m_feed && !m_feed->hasEnded());
}

QJsonObject TrainPanel::configToStart() const
{
    return workerConfig(newRunOptions());
}

bool TrainPanel::confirmMemory()
{
    ModelShapeEditor* shape = m_setup->shapeEditor();
    if (!shape->exceedsMemoryBudget())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Not enough memory"), shape->memoryWarning(), QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("memoryQuestion"));
    box.setInformativeText(tr("Make the model smaller (fewer layers, a smaller width) or the batch smaller."));
    QPushButton* anyway = box.addButton(tr("Train anyway"), QMessageBox::AcceptRole);
    anyway->setObjectName(QStringLiteral("trainAnyway"));
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == anyway;
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
    if (!confirmMemory())
        return;
    m_setup->showMessage(QString(), false);
    saveSetupNow(); // what this run starts from is what the next start shows
    NewRunOptions options = newRunOptions();
    QString error;
    const JobSpec spec = newRunJob(options, &error);
    if (spec.arguments.isEmpty()) {
        m_setup->showMessage(error, true);
        return;
    }
    follow(new JobRunFeed(m_supervisor, m_supervisor->start(spec), this));
}

NewRunOptions TrainPanel::newRunOptions() const
{
    NewRunOptions options;
    options.projectDir = m_projectDir;
    if (const auto dataset = m_setup->datasetSection()->currentDataset())
        options.dataset = dataset->name;
    options.config = m_setup->trainConfig();
    options.threads = m_preferences ? m_preferences->threads() : 0;
    options.device = m_preferences ? m_preferences->device() : QString();
    options.evalTasks = m_setup->evalTasks();
    options.distributed = m_setup->distributedSettings();
    return options;
}

void TrainPanel::checkTraining()
{
    if (m_projectDir.isEmpty() || m_check->isChecking())
        return;
    const QString problem = m_setup->problem();
    if (!problem.isEmpty()) {
        m_setup->showMessage(problem, true);
        return;
    }
    m_check->check(newRunOptions());
}

void TrainPanel::resumeRun(qint64 runId)
{
    if (isBusy()) {
        Q_EMIT statusMessage(tr("A run is already being followed here; cancel it or wait for it to end first."));
        return;
    }
    // What the store holds of the run is read first, before the worker adds to it: the
    // chart then shows the run from its first step, not from where it resumes.
    m_resumeStarting = true;
    updateButtons();
    StoredRunQuery query;
    query.projectDir = m_projectDir;
    query.runId = runId;
    query.withConfig = true;
    const QString dir = m_projectDir;
    runInBackground(this, [query] { return readStoredRun(query); }, [this, runId, dir](const StoredRun& history) {
        m_resumeStarting = false;
        if (dir != m_projectDir) { // another project was opened meanwhile
            updateButtons();
            return;
        }
        startResumedRun(runId, history);
    });
}

void TrainPanel::startResumedRun(qint64 runId, const StoredRun& history)
{
    if (!history.error.isEmpty()) {
        m_setup->showMessage(history.error, true);
        updateButtons();
        return;
    }
    QString problem;
    const std::optional<QStringList> processArguments = m_setup->processesSection()->resumeArguments(
        runId, history.worldSize, qint64(history.config.value(QLatin1String("batch_size")).toDouble()), &problem);
    if (!processArguments) {
        m_setup->showMessage(problem, true);
        updateButtons();
        return;
    }
    const JobSpec job = resumeRunJob(m_projectDir, runId, history.name, *processArguments);
    auto* feed = new JobRunFeed(m_supervisor, m_supervisor->start(job), this);
    follow(feed);
    // Nothing of the worker can have been read yet: the history goes in first.
    m_lastRunId = runId;
    m_progress->setRun(runId, history.name);
    feed->replayHistory(history);
}

void TrainPanel::follow(RunFeed* feed)
{
    if (m_feed) {
        m_feed->disconnect(this); // nothing more from the run followed before
        m_feed->deleteLater();
    }
    m_feed = feed;
    m_followedWorldSize = 1;
    m_setup->processesSection()->clearResumeTarget(); // set again if this run stops resumable
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
    connect(feed, &RunFeed::worldSizeKnown, m_progress, &RunProgressView::setWorldSize);
    connect(feed, &RunFeed::worldSizeKnown, this, [this](int worldSize) { m_followedWorldSize = worldSize; });
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
    m_progress->setEnded();
    const qint64 runId = m_feed ? m_feed->runId() : 0;
    m_lastRunResumable = runId > 0 && (status == QLatin1String("interrupted") || status == QLatin1String("cancelled"));
    if (m_lastRunResumable) // Resume's default: the processes it trained on
        m_setup->processesSection()->setResumeTarget(runId, m_followedWorldSize);
    if (status == QLatin1String("interrupted"))
        m_setup->showMessage(runId > 0 ? tr("The worker stopped unexpectedly. Run #%1 is interrupted; Resume continues "
                                            "it from its last checkpoint.")
                                             .arg(runId)
                                       : tr("The worker stopped unexpectedly before the run began."),
                             true);
    else if (status == QLatin1String("failed") || status == QLatin1String("diverged"))
        m_setup->showMessage(describeConfigError(message), true); // a setting the worker refused: by its label
    Q_EMIT runStatusReported(runId, status);
    updateButtons();
    if (runId > 0)
        showSummaryOf(runId);
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
    if (m_feed && !m_feed->hasEnded())
        m_feed->cancel();
}

void TrainPanel::setStatusKey(const QString& key)
{
    m_statusKey = key;
    m_progress->setStatus(key);
    updateButtons();
}

} // namespace lw::ui
