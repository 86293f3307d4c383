#include "ui/shell/main_window.h"

#include "ui/panels/chat/chat_panel.h"
#include "ui/panels/data/data_panel.h"
#include "ui/panels/evaluate/evaluate_panel.h"
#include "ui/panels/quantize/quantize_panel.h"
#include "ui/panels/finetune/finetune_panel.h"
#include "ui/panels/models/models_panel.h"
#include "ui/panels/train/run_status_text.h"
#include "ui/panels/train/train_panel.h"
#include "ui/shell/demo_bootstrap.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/jobs_status_widget.h"
#include "ui/shell/language_switcher.h"
#include "ui/shell/log_dock.h"
#include "ui/shell/preferences.h"
#include "ui/shell/preferences_dialog.h"
#include "ui/shell/project_context.h"
#include "ui/shell/status_bar_message.h"
#include "ui/shell/theme.h"
#include "ui/shell/themed_icons.h"
#ifdef LW_HAVE_RUNS_PANEL
#include "ui/panels/runs/runs_panel.h"
#endif

#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>

namespace lw::ui {

namespace {

constexpr int kMessageTimeoutMs = 8000;

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_preferences(new Preferences(this)),
      m_language(new LanguageSwitcher(this)),
      m_supervisor(new JobSupervisor(this)),
      m_project(new ProjectContext(this)),
      m_demo(new DemoBootstrap(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/llm-workbench.svg")));
    setAcceptDrops(true);
    // Language and theme first, so that everything below is born translated and themed.
    applyPreferences();

    m_sidebar = new QListWidget(this);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setIconSize(QSize(28, 28));
    m_sidebar->setViewMode(QListView::IconMode);
    m_sidebar->setMovement(QListView::Static);
    m_sidebar->setFlow(QListView::TopToBottom);
    m_sidebar->setWrapping(false);
    m_sidebar->setSpacing(4);
    // The grid's and the sidebar's widths follow the labels (retranslate: fitSidebarToLabels).
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_stack = new QStackedWidget(this);

    m_trainPanel = new TrainPanel(m_supervisor, m_preferences, this);
    m_trainPanel->setObjectName(QStringLiteral("trainPanel"));
    addPanel(m_trainPanel, QStringLiteral(":/icons/train.svg"), QT_TRANSLATE_NOOP("lw::ui::MainWindow", "Train"));
    m_finetunePanel = new finetune::FinetunePanel(m_supervisor, this);
    m_finetunePanel->setObjectName(QStringLiteral("finetunePanel"));
    addPanel(m_finetunePanel, QStringLiteral(":/icons/finetune.svg"),
             QT_TRANSLATE_NOOP("lw::ui::MainWindow", "Fine-tune"));
    connect(m_finetunePanel, &finetune::FinetunePanel::statusMessage, this, &MainWindow::showMessage);
#ifdef LW_HAVE_RUNS_PANEL
    auto* runs = new RunsPanel(this);
    runs->setObjectName(QStringLiteral("runsPanel"));
    m_runsPanel = runs;
    addPanel(runs, QStringLiteral(":/icons/runs.svg"), QT_TRANSLATE_NOOP("lw::ui::MainWindow", "Runs"));
    connect(runs, &RunsPanel::resumeRequested, this, [this](qint64 runId) {
        showPanel(m_trainPanel);
        m_trainPanel->resumeRun(runId);
    });
    connect(runs, &RunsPanel::finetuneResumeRequested, this, [this](qint64 runId) {
        showPanel(m_finetunePanel);
        m_finetunePanel->resumeRun(runId);
    });
    connect(runs, &RunsPanel::statusMessage, this, &MainWindow::showMessage);
    connect(m_trainPanel, &TrainPanel::runsChanged, runs, &RunsPanel::refresh);
    connect(m_finetunePanel, &finetune::FinetunePanel::runsChanged, runs, &RunsPanel::refresh);
#endif
    m_chatPanel = new ChatPanel(m_supervisor, m_preferences, this);
    m_chatPanel->enableApiServer();
    m_chatPanel->setObjectName(QStringLiteral("chatPanel"));
    addPanel(m_chatPanel, QStringLiteral(":/icons/chat.svg"), QT_TRANSLATE_NOOP("lw::ui::MainWindow", "Chat"));
    connect(m_chatPanel, &ChatPanel::statusMessage, this, &MainWindow::showMessage);
    // A run that ended may have written the checkpoint someone wants to chat with.
    connect(m_trainPanel, &TrainPanel::runsChanged, m_chatPanel, &ChatPanel::refreshModels);
    connect(m_finetunePanel, &finetune::FinetunePanel::runsChanged, m_chatPanel, &ChatPanel::refreshModels);
    connect(m_finetunePanel, &finetune::FinetunePanel::chatRequested, this,
            [this](qint64 baseRunId, const QString& adapterDir) {
                showPanel(m_chatPanel);
                m_chatPanel->chatWithAdapter(baseRunId, adapterDir);
            });
    // A demo model trained in Train can be fine-tuned here.
    connect(m_trainPanel, &TrainPanel::runsChanged, m_finetunePanel, &finetune::FinetunePanel::refresh);
#ifdef LW_HAVE_RUNS_PANEL
    // A run renamed or deleted there is listed under its new name (or not at all) here.
    connect(runs, &RunsPanel::storeChanged, m_chatPanel, &ChatPanel::refreshModels);
#endif
    m_dataPanel = new data::DataPanel(m_supervisor, this);
    m_dataPanel->setObjectName(QStringLiteral("dataPanel"));
    addPanel(m_dataPanel, QStringLiteral(":/icons/data.svg"), QT_TRANSLATE_NOOP("lw::ui::MainWindow", "Data"));
    connect(m_dataPanel, &data::DataPanel::statusMessage, this, &MainWindow::showMessage);
    m_modelsPanel = new models::ModelsPanel(m_supervisor, this);
    addPanel(m_modelsPanel, QStringLiteral(":/icons/models.svg"), QT_TRANSLATE_NOOP("lw::ui::MainWindow", "Models"));
    connect(m_modelsPanel, &models::ModelsPanel::statusMessage, this, &MainWindow::showMessage);
    // A run's new checkpoints are models too.
    connect(m_trainPanel, &TrainPanel::runsChanged, m_modelsPanel, &models::ModelsPanel::refresh);
    connect(m_finetunePanel, &finetune::FinetunePanel::runsChanged, m_modelsPanel, &models::ModelsPanel::refresh);
    m_evaluatePanel = new evaluate::EvaluatePanel(m_supervisor, this);
    addPanel(m_evaluatePanel, QStringLiteral(":/icons/evaluate.svg"),
             QT_TRANSLATE_NOOP("lw::ui::MainWindow", "Evaluate"));
    connect(m_evaluatePanel, &evaluate::EvaluatePanel::statusMessage, this, &MainWindow::showMessage);
    // New checkpoints and models can be evaluated.
    connect(m_trainPanel, &TrainPanel::runsChanged, m_evaluatePanel, &evaluate::EvaluatePanel::refresh);
    connect(m_modelsPanel, &models::ModelsPanel::modelsChanged, m_evaluatePanel, &evaluate::EvaluatePanel::refresh);
    m_quantizePanel = new quantize::QuantizePanel(m_supervisor, this);
    addPanel(m_quantizePanel, QStringLiteral(":/icons/quantize.svg"),
             QT_TRANSLATE_NOOP("lw::ui::MainWindow", "Quantize"));
    connect(m_quantizePanel, &quantize::QuantizePanel::statusMessage, this, &MainWindow::showMessage);
    connect(m_trainPanel, &TrainPanel::runsChanged, m_quantizePanel, &quantize::QuantizePanel::refresh);
    connect(m_modelsPanel, &models::ModelsPanel::modelsChanged, m_quantizePanel, &quantize::QuantizePanel::refresh);
    // A quantized model is a model to list, chat with and evaluate.
    connect(m_quantizePanel, &quantize::QuantizePanel::modelsChanged, m_modelsPanel, &models::ModelsPanel::refresh);
    connect(m_quantizePanel, &quantize::QuantizePanel::modelsChanged, m_evaluatePanel,
            &evaluate::EvaluatePanel::refresh);
    connect(m_sidebar, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    connect(m_trainPanel, &TrainPanel::statusMessage, this, &MainWindow::showMessage);
    connect(m_trainPanel, &TrainPanel::runStatusReported, this, [this](qint64 runId, const QString& status) {
        showTranslatedMessage([runId, status] { return runStatusMessage(runId, status); });
    });

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_sidebar);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_logDock = new LogDock(m_supervisor, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    m_logDock->hide();
    m_jobsStatus = new JobsStatusWidget(m_supervisor, this);
    m_projectLabel = new QLabel(this);
    m_projectLabel->setObjectName(QStringLiteral("projectLabel"));
    statusBar()->addPermanentWidget(m_jobsStatus);
    statusBar()->addPermanentWidget(m_projectLabel);
    m_message = new StatusBarMessage(statusBar(), kMessageTimeoutMs);

    createActions();
    createMenus();
    connect(m_preferences, &Preferences::changed, this, &MainWindow::applyPreferences);
    connect(m_project, &ProjectContext::projectChanged, this, &MainWindow::onProjectChanged);
    connect(m_project, &ProjectContext::openFailed, this, [this](const QString& dir, const QString& message) {
        showMessage(tr("Could not open the project %1: %2").arg(dir, message));
        QMessageBox::warning(this, tr("Open project"), tr("Could not open the project %1:\n%2").arg(dir, message));
    });
    connect(m_project, &ProjectContext::recentProjectsChanged, this, &MainWindow::rebuildRecentMenu);
    connect(m_demo, &DemoBootstrap::progress, this,
            [this](const QString& message) { showMessage(tr("Demo project: %1…").arg(message)); });
    connect(m_demo, &DemoBootstrap::ready, this, &MainWindow::onDemoReady);
    connect(m_demo, &DemoBootstrap::failed, this, [this](const QString& message) {
        showMessage(tr("The demo project could not be made: %1").arg(message));
    });
    m_sidebar->setCurrentRow(0);
    retranslate();
    // An explicit minimum keeps the layout from changing the window's size constraints
    // while it runs (each change is a round trip to the window system).
    setMinimumSize(900, 600);
    resize(1280, 820);
}

MainWindow::~MainWindow() = default;

void MainWindow::addPanel(QWidget* widget, const QString& icon, const char* title)
{
    auto* item = new QListWidgetItem(themedIcon(icon), QString(), m_sidebar);
    item->setTextAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    m_stack->addWidget(widget);
    auto* action = new QAction(this);
    action->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(m_panels.size() + 1)));
    connect(action, &QAction::triggered, this, [this, widget] { showPanel(widget); });
    m_panels.append({widget, icon, title, action});
}

void MainWindow::showPanel(QWidget* panel)
{
    const int index = m_stack->indexOf(panel);
    if (index >= 0)
        m_sidebar->setCurrentRow(index);
}

QWidget* MainWindow::currentPanel() const
{
    return m_stack->currentWidget();
}

void MainWindow::start(const QString& projectDir)
{
    if (!projectDir.isEmpty()) {
        m_project->open(projectDir); // created when missing
        return;
    }
    const QString last = m_project->lastProject();
    if (!last.isEmpty() && QFileInfo::exists(last)) {
        m_project->open(last);
        return;
    }
    openDemoProject();
}

void MainWindow::openDemoProject()
{
    if (m_demo->isRunning())
        return;
    showPanel(m_trainPanel);
    showTranslatedMessage([] { return tr("Preparing the demo project…"); });
    m_demo->start(m_preferences->defaultProjectDir());
}

void MainWindow::onDemoReady(const DemoProjectInfo& demo)
{
    showPanel(m_trainPanel);
    m_trainPanel->applyDemo(demo);
    m_project->open(demo.projectDir);
    showTranslatedMessage([] { return tr("The demo project is ready: press Train to start a run."); });
    Q_EMIT demoReady();
}

void MainWindow::openProject(const QString& dir)
{
    m_project->open(dir);
}

void MainWindow::onProjectChanged(const QString& dir)
{
    m_trainPanel->setProjectDir(dir);
    m_finetunePanel->setProjectDir(dir);
#ifdef LW_HAVE_RUNS_PANEL
    static_cast<RunsPanel*>(m_runsPanel)->setProjectDir(dir);
#endif
    m_chatPanel->setProjectDir(dir);
    m_dataPanel->setProjectDir(dir);
    m_modelsPanel->setProjectDir(dir);
    m_evaluatePanel->setProjectDir(dir);
    m_quantizePanel->setProjectDir(dir);
    retranslate();
    showTranslatedMessage([dir] { return tr("Opened project %1").arg(QDir::toNativeSeparators(dir)); });
    Q_EMIT projectOpened(dir);
}

void MainWindow::newProject()
{
    const QString dir = QFileDialog::getSaveFileName(this, tr("New project"),
                                                     QDir(m_preferences->dataFolder()).filePath(tr("new-project")),
                                                     QString(), nullptr, QFileDialog::ShowDirsOnly);
    if (dir.isEmpty())
        return;
    if (QFileInfo(dir).isFile()) {
        QMessageBox::warning(this, tr("New project"), tr("%1 is a file; a project is a folder.").arg(dir));
        return;
    }
    m_project->open(dir);
}

void MainWindow::chooseProject()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open project"), m_preferences->dataFolder());
    if (!dir.isEmpty())
        m_project->open(dir);
}

void MainWindow::showPreferences()
{
    PreferencesDialog dialog(m_preferences, this);
    dialog.exec();
}

void MainWindow::applyPreferences()
{
    applyTheme(m_preferences->theme());
    m_language->apply(m_preferences->effectiveLanguage());
    // Widgets keep the locale they were made with: hand them the language's (spin
    // boxes write their numbers again on the LocaleChange this sends). Qt passes a
    // locale on to child widgets but not to child windows: the dialogs the panels keep
    // (Merge, Export) get theirs here.
    const QLocale language;
    if (locale() != language)
        setLocale(language);
    for (QWidget* child : findChildren<QWidget*>())
        if (child->isWindow() && child->locale() != language)
            child->setLocale(language);
}

void MainWindow::showMessage(const QString& text)
{
    showTranslatedMessage([text] { return text; });
}

void MainWindow::showTranslatedMessage(std::function<QString()> compose)
{
    m_logDock->appendLine(QString(), m_message->show(std::move(compose)));
}

bool MainWindow::confirmClose()
{
    int training = 0;
    for (int jobId : m_supervisor->activeJobs())
        if (m_supervisor->info(jobId).kind == JobKind::Train)
            ++training;
    if (training == 0)
        return true;
    ClosePolicy policy = m_closePolicy;
    if (policy == ClosePolicy::Ask) {
        QMessageBox box(QMessageBox::Question, tr("Runs are training"),
                        tr("%n run(s) are still training. Keep them training in the background? The app follows "
                           "them again when you reopen the project.",
                           nullptr, training),
                        QMessageBox::NoButton, this);
        box.setObjectName(QStringLiteral("closeWhileTrainingDialog"));
        QPushButton* keep = box.addButton(tr("Keep training"), QMessageBox::AcceptRole);
        keep->setObjectName(QStringLiteral("keepTraining"));
        QPushButton* stop = box.addButton(tr("Cancel the runs"), QMessageBox::DestructiveRole);
        stop->setObjectName(QStringLiteral("cancelRuns"));
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(keep);
        box.exec();
        if (box.clickedButton() == keep)
            policy = ClosePolicy::KeepTraining;
        else if (box.clickedButton() == stop)
            policy = ClosePolicy::CancelRuns;
        else
            return false;
    }
    if (policy == ClosePolicy::KeepTraining)
        m_supervisor->releaseTrainingJobs();
    // CancelRuns: the supervisor cancels what is left when it is destroyed.
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!confirmClose()) {
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (paths.isEmpty())
        return;
    if (currentPanel() == m_dataPanel) { // files for a dataset of records
        m_dataPanel->addImportFiles(paths);
        event->acceptProposedAction();
        return;
    }
    if (currentPanel() == m_modelsPanel) { // a Hugging Face folder or a .gguf file
        m_modelsPanel->importPaths(paths);
        event->acceptProposedAction();
        return;
    }
    showPanel(m_trainPanel);
    m_trainPanel->addTextFiles(paths);
    event->acceptProposedAction();
}

} // namespace lw::ui
