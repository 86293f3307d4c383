#include "ui/panels/finetune/finetune_panel.h"

#include "ui/panels/finetune/check_report_view.h"
#include "ui/panels/finetune/classification_result_view.h"
#include "ui/panels/finetune/comparison_table.h"
#include "ui/panels/finetune/finetune_charts.h"
#include "ui/panels/finetune/finetune_form.h"
#include "ui/panels/finetune/past_finetunes_box.h"
#include "ui/panels/finetune/saved_finetune_setup.h"
#include "ui/panels/train/processes_section.h"
#include "ui/panels/train/job_run_feed.h"
#include "ui/panels/train/run_progress_view.h"
#include "ui/shell/background.h"
#include "ui/shell/job_supervisor.h"
#include "ui/widgets/eval_tasks_box.h"

#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMutex>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include <memory>

namespace lw::ui::finetune {

FinetunePanel::FinetunePanel(JobSupervisor* supervisor, QWidget* parent) : QWidget(parent), m_supervisor(supervisor)
{
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildSetup());
    splitter->addWidget(buildRunArea());
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_form, &FinetuneForm::changed, this, [this] {
        // A report describes the settings it was made for: a change makes it stale.
        const FinetuneRequest request = currentRequest();
        if (m_check->hasReport() && finetuneArguments(request, true) != m_checkedArguments)
            m_check->clear();
        updateButtons();
    });
    connect(m_form->processesSection(), &ProcessesSection::settingsChanged, this, &FinetunePanel::saveSetup);
    connect(m_form->evalTasksBox(), &EvalTasksBox::tasksChanged, this, &FinetunePanel::saveSetup);
    connect(m_checkButton, &QPushButton::clicked, this, &FinetunePanel::check);
    connect(m_startButton, &QPushButton::clicked, this, &FinetunePanel::start);
    connect(m_demoButton, &QPushButton::clicked, this, &FinetunePanel::startDemo);
    connect(m_pauseButton, &QPushButton::clicked, this, &FinetunePanel::togglePause);
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        if (m_feed)
            m_feed->cancel();
    });
    connect(m_chatButton, &QPushButton::clicked, this, &FinetunePanel::chatWithIt);
    connect(m_mergeButton, &QPushButton::clicked, this, &FinetunePanel::mergeAdapter);
    connect(m_pastRuns, &PastFinetunesBox::runPicked, this, &FinetunePanel::showPastRun);
    connect(m_pastRuns, &PastFinetunesBox::resumeRequested, this, &FinetunePanel::resumeRun);
    connect(m_supervisor, &JobSupervisor::otherEventReported, this, &FinetunePanel::onOtherEvent);
    connect(m_supervisor, &JobSupervisor::jobEnded, this, [this](int id, const JobEnd& end) {
        if (id == m_checkJob)
            onCheckEnded(end);
    });
    retranslate();
    updateButtons();
}

QWidget* FinetunePanel::buildSetup()
{
    auto* content = new QWidget(this);
    m_demoBanner = new QWidget(content);
    m_demoBanner->setObjectName(QStringLiteral("demoBanner"));
    m_demoText = new QLabel(m_demoBanner);
    m_demoText->setWordWrap(true);
    m_demoButton = new QPushButton(m_demoBanner);
    m_demoButton->setObjectName(QStringLiteral("finetuneDemo"));
    m_demoButton->setDefault(true);
    auto* banner = new QHBoxLayout(m_demoBanner);
    banner->setContentsMargins(0, 0, 0, 6);
    banner->addWidget(m_demoText, 1);
    banner->addWidget(m_demoButton);
    m_demoBanner->hide();

    m_form = new FinetuneForm(content);
    m_check = new CheckReportView(content);
    m_checkButton = new QPushButton(content);
    m_checkButton->setObjectName(QStringLiteral("checkFinetune"));
    m_startButton = new QPushButton(content);
    m_startButton->setObjectName(QStringLiteral("startFinetune"));
    m_pauseButton = new QPushButton(content);
    m_pauseButton->setObjectName(QStringLiteral("pauseFinetune"));
    m_cancelButton = new QPushButton(content);
    m_cancelButton->setObjectName(QStringLiteral("cancelFinetune"));
    m_blocked = new QLabel(content);
    m_blocked->setObjectName(QStringLiteral("startBlocked"));
    m_blocked->setWordWrap(true);
    m_blocked->hide();

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_checkButton);
    buttons->addWidget(m_startButton);
    buttons->addWidget(m_pauseButton);
    buttons->addWidget(m_cancelButton);
    buttons->addStretch();

    // The settings scroll; the demo, the actions and the check's report stay in view.
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(m_form->sizeHint().width() + 24);
    auto* layout = new QVBoxLayout(content);
    layout->addWidget(m_demoBanner);
    layout->addWidget(scroll, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_blocked);
    layout->addWidget(m_check);
    return content;
}

QWidget* FinetunePanel::buildRunArea()
{
    m_charts = new FinetuneCharts(this);
    m_progress = new RunProgressView(this);
    m_progress->setSamplesShown(false);
    auto* answers = new QWidget(this);
    m_comparisonTitle = new QLabel(answers);
    QFont bold = m_comparisonTitle->font();
    bold.setBold(true);
    m_comparisonTitle->setFont(bold);
    m_comparison = new ComparisonTable(answers);
    m_comparison->setObjectName(QStringLiteral("comparisonTable"));
    m_classification = new ClassificationResultView(answers);
    m_afterRun = new QLabel(answers);
    m_afterRun->setWordWrap(true);
    m_chatButton = new QPushButton(answers);
    m_chatButton->setObjectName(QStringLiteral("chatWithFinetune"));
    m_mergeButton = new QPushButton(answers);
    m_mergeButton->setObjectName(QStringLiteral("mergeAdapter"));
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_afterRun, 1);
    actions->addWidget(m_chatButton);
    actions->addWidget(m_mergeButton);
    auto* answersLayout = new QVBoxLayout(answers);
    answersLayout->setContentsMargins(0, 0, 0, 0);
    answersLayout->addWidget(m_comparisonTitle);
    answersLayout->addWidget(m_comparison, 1);
    answersLayout->addWidget(m_classification, 1);
    answersLayout->addLayout(actions);

    auto* area = new QWidget(this);
    m_pastRuns = new PastFinetunesBox(area);
    auto* splitter = new QSplitter(Qt::Vertical, area);
    splitter->addWidget(m_charts);
    splitter->addWidget(m_progress);
    splitter->addWidget(answers);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 0);
    splitter->setStretchFactor(2, 2);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pastRuns);
    layout->addWidget(splitter, 1);
    return area;
}

void FinetunePanel::setProjectDir(const QString& dir)
{
    if (dir == m_projectDir)
        return;
    m_projectDir = dir;
    m_form->processesSection()->clearResumeTarget(); // a run id of the previous project
    m_check->clear();
    if (!isRunning()) { // the run shown belongs to the previous project
        m_runId = 0;
        m_runDir.clear();
        m_adapterDir.clear();
        m_endStatus.clear();
        m_charts->clear();
        m_progress->clear();
        m_comparison->setItems({});
        showClassification({});
        m_pastRuns->setShownRun(0);
    }
    m_showNewestOnLoad = true;
    refresh();
}

void FinetunePanel::refresh()
{
    if (m_projectDir.isEmpty())
        return;
    const QString dir = m_projectDir;
    const int generation = ++m_catalogGeneration;
    runInBackground(this, [dir] { return FinetuneCatalog::load(dir); },
                    [this, generation](const FinetuneCatalog& catalog) {
                        if (generation == m_catalogGeneration)
                            applyCatalog(catalog);
                    });
}

void FinetunePanel::applyCatalog(const FinetuneCatalog& catalog)
{
    m_form->setCatalog(catalog);
    m_pastRuns->setRuns(catalog.finetuneRuns);
    if (m_showNewestOnLoad && catalog.projectDir == m_projectDir) {
        // After a restart the panel shows where the project's fine-tuning stands.
        m_showNewestOnLoad = false;
        if (!isRunning() && m_runId == 0 && !catalog.finetuneRuns.isEmpty())
            showPastRun(catalog.finetuneRuns.first().id);
    }
    m_demoBanner->setVisible(!catalog.demoBase.isEmpty());
    if (!catalog.error.isEmpty())
        Q_EMIT statusMessage(tr("The project's models could not be read: %1").arg(catalog.error));
    if (m_setupProject != catalog.projectDir) {
        // Once per project: later reads of the catalog must not undo the user's edits.
        m_setupProject.clear(); // no save while the kept settings go in
        m_form->processesSection()->setSettings(catalog.savedSetup.processes);
        m_form->setEvalTasks(catalog.savedSetup.evalTasks);
        m_setupProject = catalog.projectDir;
        if (!catalog.setupError.isEmpty())
            Q_EMIT statusMessage(catalog.setupError);
    }
    updateButtons();
    Q_EMIT catalogLoaded();
}

FinetuneRequest FinetunePanel::currentRequest(bool demo) const
{
    FinetuneRequest request;
    request.projectDir = m_projectDir;
    request.demo = demo;
    if (demo) {
        // The demo's base, data and trainer settings; the method and objective are the form's.
        request.settings.insert(QStringLiteral("method"), m_form->method());
        request.settings.insert(QStringLiteral("objective"), m_form->objective());
        request.distributed = m_form->distributedSettings();
        request.evalTasks = m_form->evalTasks();
        return request;
    }
    request.settings = m_form->settings();
    request.training = m_form->training();
    request.distributed = m_form->distributedSettings();
    request.evalTasks = m_form->evalTasks();
    return request;
}

void FinetunePanel::check()
{
    if (m_checkJob || m_projectDir.isEmpty())
        return;
    m_checkReported = false;
    m_check->setRunning();
    const JobSpec spec = finetuneCheckJob(currentRequest());
    m_checkedArguments = spec.arguments;
    m_checkJob = m_supervisor->start(spec);
    updateButtons();
}

void FinetunePanel::onCheckEnded(const JobEnd& end)
{
    m_checkJob = 0;
    // A blocking report exits 1, yet it is the answer: only a check without one failed.
    if (!m_checkReported)
        m_check->setFailure(end.message.isEmpty() ? tr("the worker ended without a report") : end.message);
    updateButtons();
    Q_EMIT checkFinished();
}

void FinetunePanel::onOtherEvent(int jobId, const QString& type, const QJsonObject& event)
{
    if (jobId == m_checkJob && type == QLatin1String("check")) {
        m_checkReported = true;
        m_check->setReport(event);
        updateButtons();
    } else if (jobId == m_runJob && type == QLatin1String("comparison")) {
        m_comparison->setItems(event.value(QLatin1String("items")).toArray());
        updateComparisonTitle();
    } else if (jobId == m_runJob && type == QLatin1String("classification")) {
        showClassification(event);
    }
}

void FinetunePanel::showClassification(const QJsonObject& report)
{
    m_classification->setReport(report);
    m_comparisonTitle->setVisible(!m_classification->hasReport());
    m_comparison->setVisible(!m_classification->hasReport());
}

// What the panel last asked to keep in a project; shared with the pool threads that write
// it. Each write takes the latest settings under the lock, so the file ends with the last
// change whichever thread runs last (even after the panel is gone).
struct FinetunePanel::SetupKeeper {
    QString projectDir;
    QMutex lock;
    SavedFinetuneSetup latest;
};

void FinetunePanel::saveSetup()
{
    if (m_setupProject.isEmpty() || m_setupProject != m_projectDir)
        return;
    if (!m_setupKeeper || m_setupKeeper->projectDir != m_projectDir) {
        m_setupKeeper = std::make_shared<SetupKeeper>();
        m_setupKeeper->projectDir = m_projectDir;
    }
    {
        QMutexLocker locked(&m_setupKeeper->lock);
        m_setupKeeper->latest = {m_form->distributedSettings(), m_form->evalTasks()};
    }
    const std::shared_ptr<SetupKeeper> keeper = m_setupKeeper;
    runInBackground(
        this,
        [keeper] {
            QMutexLocker locked(&keeper->lock);
            return saveFinetuneSetup(keeper->projectDir, keeper->latest);
        },
        [this, keeper](const QString& error) {
            if (!error.isEmpty())
                Q_EMIT statusMessage(error);
            else
                Q_EMIT setupSaved(keeper->projectDir);
        });
}

void FinetunePanel::updateButtons()
{
    const bool running = isRunning();
    const bool checking = m_checkJob != 0;
    const QJsonObject settings = m_form->settings();
    const bool complete = !settings.value(QLatin1String("base")).toString().isEmpty() &&
                          !settings.value(QLatin1String("dataset")).toString().isEmpty();
    const bool blocked = m_check->hasReport() && m_check->blocking();
    // Either would make the worker refuse the run: said here, before it starts.
    const QString setupProblem =
        m_form->processesProblem().isEmpty() ? m_form->evalTasksProblem() : m_form->processesProblem();
    const bool ready = !m_projectDir.isEmpty() && complete && !running;
    m_checkButton->setEnabled(ready && !checking);
    m_startButton->setEnabled(ready && !checking && !blocked && setupProblem.isEmpty());
    m_pastRuns->setPickingEnabled(!running); // a live run stays on screen until it ends
    m_pastRuns->setResumeEnabled(!running && !m_projectDir.isEmpty() && m_runId > 0 &&
                                 (m_endStatus == QLatin1String("interrupted") ||
                                  m_endStatus == QLatin1String("cancelled")));
    m_demoButton->setEnabled(!m_projectDir.isEmpty() && !running);
    m_pauseButton->setEnabled(running);
    m_cancelButton->setEnabled(running);
    m_pauseButton->setText(m_paused ? tr("Resume") : tr("Pause"));
    if (blocked) {
        m_blocked->setText(tr("Start is blocked: %1").arg(m_check->blockingReason()));
    } else if (!complete && !m_projectDir.isEmpty()) {
        m_blocked->setText(tr("Pick a base model and a dataset (chat rows for SFT, labelled texts for "
                              "classification, preference pairs otherwise)."));
    } else if (!setupProblem.isEmpty()) {
        m_blocked->setText(setupProblem);
    }
    m_blocked->setVisible(blocked || (!complete && !m_projectDir.isEmpty()) || !setupProblem.isEmpty());
    const bool finished = !running && m_runId > 0 && !m_endStatus.isEmpty();
    const bool adapter = !m_adapterDir.isEmpty();
    const bool full = m_runMethod == QLatin1String("full");
    m_chatButton->setEnabled(finished && (adapter ? m_baseRunId > 0 : full));
    m_mergeButton->setEnabled(finished && adapter);
    m_mergeButton->setVisible(!full);
    if (!finished && m_form->objective() == QLatin1String("classify"))
        m_afterRun->setText(tr("After a run, the classifier's accuracy and confusion matrices appear here."));
    else if (!finished)
        m_afterRun->setText(tr("After a run, its answers and the base model's appear here side by side."));
    else if (full)
        m_afterRun->setText(tr("A full fine-tune's checkpoint is a model already: it is listed with the others."));
    else
        m_afterRun->setText(tr("The adapter is in %1").arg(QDir(m_runDir).dirName() + QStringLiteral("/adapter")));
    m_afterRun->setToolTip(m_adapterDir);
}

void FinetunePanel::updateComparisonTitle()
{
    const int rows = m_comparison->rowCount();
    if (rows == 0) {
        m_comparisonTitle->setText(tr("Answers side by side (held-out prompts)"));
        return;
    }
    m_comparisonTitle->setText(tr("Answers side by side (held-out prompts): exact answers, base %1 of %3, "
                                  "fine-tuned %2 of %3")
                                   .arg(m_comparison->baseMatchingRows())
                                   .arg(m_comparison->matchingRows())
                                   .arg(rows));
}

void FinetunePanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        refresh(); // the models' names and sizes are written in the language
    }
    QWidget::changeEvent(event);
}

void FinetunePanel::retranslate()
{
    m_demoText->setText(tr("The project has the demo model: fine-tune it on the demo questions in about a minute, "
                           "with the method and objective chosen below."));
    m_demoButton->setText(tr("Fine-tune the demo model"));
    m_checkButton->setText(tr("Check"));
    m_checkButton->setToolTip(tr("Look at the data, the memory and the time this fine-tune needs, without "
                                 "training"));
    m_startButton->setText(tr("Start"));
    m_cancelButton->setText(tr("Cancel"));
    m_chatButton->setText(tr("Chat with it"));
    m_chatButton->setToolTip(tr("Open Chat with the base model and this adapter"));
    m_mergeButton->setText(tr("Merge adapter into a model…"));
    m_mergeButton->setToolTip(tr("Write the base model with the adapter merged in as a new model of the project"));
    updateComparisonTitle();
    updateButtons();
}

} // namespace lw::ui::finetune
