#include "ui/panels/evaluate/evaluate_panel.h"

#include "ui/panels/evaluate/eval_charts.h"
#include "ui/panels/evaluate/eval_examples_view.h"
#include "ui/panels/evaluate/eval_form.h"
#include "ui/panels/evaluate/eval_queue.h"
#include "ui/panels/evaluate/eval_results_table.h"
#include "ui/panels/evaluate/eval_scores.h"
#include "ui/panels/evaluate/eval_subjects_view.h"
#include "ui/panels/evaluate/queue_progress_view.h"
#include "ui/panels/models/model_entry.h"
#include "ui/shell/background.h"
#include "ui/widgets/panel_shortcut.h"
#include "ui/widgets/qcustomplot_include.h"
#include "ui/widgets/queue_panel_layout.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include <utility>

namespace lw::ui::evaluate {

namespace {

QString scrubRunText(const ScrubbableRun& run)
{
    return EvaluatePanel::tr("%1 (run %2, %n checkpoint(s))", nullptr, int(run.checkpoints.size()))
        .arg(run.name)
        .arg(run.runId);
}

} // namespace

EvaluatePanel::EvaluatePanel(JobSupervisor* supervisor, QWidget* parent)
    : QWidget(parent), m_supervisor(supervisor), m_form(new EvalForm(this)), m_queue(new EvalQueue(supervisor, this)),
      m_results(new EvalResultsTable(this)), m_taskFilter(new QComboBox(this)),
      m_scoreChart(makeResultsChart(this, QStringLiteral("evalScoreChart"), 160)),
      m_stepChart(makeResultsChart(this, QStringLiteral("evalStepChart"), 160)),
      m_examples(new EvalExamplesView(false, this)), m_compare(new EvalExamplesView(true, this)),
      m_subjects(new EvalSubjectsView(this)), m_tabs(new QTabWidget(this)), m_scrubRun(new QComboBox(this)),
      m_scrubLabel(new QLabel(this)), m_filterLabel(new QLabel(this)), m_runButton(new QPushButton(this)),
      m_cancelButton(new QPushButton(this)), m_scrubButton(new QPushButton(this)),
      m_deleteButton(new QPushButton(this)), m_message(new QLabel(this)), m_progress(new QueueProgressView(this)),
      m_runAction(panelShortcut(this, QKeySequence(QStringLiteral("Ctrl+Return")))),
      m_cancelAction(panelShortcut(this, QKeySequence(Qt::Key_Escape))),
      m_deleteAction(panelShortcut(this, QKeySequence::Delete)),
      m_refreshAction(panelShortcut(this, QKeySequence::Refresh))
{
    setObjectName(QStringLiteral("evaluatePanel"));
    m_runButton->setObjectName(QStringLiteral("evalRun"));
    m_cancelButton->setObjectName(QStringLiteral("evalCancel"));
    m_scrubButton->setObjectName(QStringLiteral("evalScrub"));
    m_deleteButton->setObjectName(QStringLiteral("evalDelete"));
    m_taskFilter->setObjectName(QStringLiteral("evalTaskFilter"));
    m_scrubRun->setObjectName(QStringLiteral("evalScrubRun"));
    m_message->setObjectName(QStringLiteral("evalMessage"));
    m_taskFilter->addItem(QString(), QString());
    for (const QString& task : evalTasks())
        m_taskFilter->addItem(QString(), task);
    layOut();

    connect(m_runAction, &QAction::triggered, this, &EvaluatePanel::run);
    connect(m_runButton, &QPushButton::clicked, this, &EvaluatePanel::run);
    connect(m_cancelAction, &QAction::triggered, this, &EvaluatePanel::cancel);
    connect(m_cancelButton, &QPushButton::clicked, this, &EvaluatePanel::cancel);
    connect(m_deleteAction, &QAction::triggered, this, &EvaluatePanel::deleteSelectedWithQuestion);
    connect(m_deleteButton, &QPushButton::clicked, this, &EvaluatePanel::deleteSelectedWithQuestion);
    connect(m_refreshAction, &QAction::triggered, this, &EvaluatePanel::refresh);
    connect(m_scrubButton, &QPushButton::clicked, this,
            [this] { scrubRun(m_scrubRun->currentData().toLongLong()); });
    connect(m_scrubRun, &QComboBox::currentIndexChanged, this, &EvaluatePanel::updateStepChart);
    connect(m_form, &EvalForm::changed, this, [this] {
        updateStepChart();
        updateActions();
    });
    connect(m_taskFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_results->setEvaluations(m_listing.evaluations, m_taskFilter->currentData().toString()); });
    connect(m_results, &QTableWidget::itemSelectionChanged, this, &EvaluatePanel::onSelectionChanged);
    connectQueue();
    retranslate();
    updateActions();
}

void EvaluatePanel::layOut()
{
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filterLabel);
    bar->addWidget(m_taskFilter);
    bar->addStretch();
    bar->addWidget(m_deleteButton);

    auto* scrub = new QWidget(this);
    auto* scrubBar = new QHBoxLayout;
    scrubBar->addWidget(m_scrubLabel);
    scrubBar->addWidget(m_scrubRun, 1);
    scrubBar->addWidget(m_scrubButton);
    auto* scrubLayout = new QVBoxLayout(scrub);
    scrubLayout->addLayout(scrubBar);
    scrubLayout->addWidget(m_stepChart, 1);

    m_tabs->setObjectName(QStringLiteral("evalTabs"));
    m_tabs->addTab(m_scoreChart, QString());
    m_tabs->addTab(m_examples, QString());
    m_tabs->addTab(m_subjects, QString());
    m_tabs->addTab(m_compare, QString());
    m_tabs->addTab(scrub, QString());

    layOutQueuePanel(this, {m_form, m_runButton, m_cancelButton, m_progress, m_message}, {bar, m_results, m_tabs},
                     {340, 400});
}

QLabel* EvaluatePanel::jobLabel() const
{
    return m_progress->jobLabel();
}

QLabel* EvaluatePanel::overallLabel() const
{
    return m_progress->overallLabel();
}

void EvaluatePanel::setProjectDir(const QString& dir)
{
    if (m_queue->isRunning())
        m_queue->cancel();
    m_projectDir = dir;
    m_listing = {};
    m_message->clear();
    applyListing(m_listing);
    refresh();
}

void EvaluatePanel::refresh()
{
    if (m_projectDir.isEmpty())
        return;
    const QString dir = m_projectDir;
    const int generation = ++m_listGeneration;
    ++m_loading;
    runInBackground(
        this,
        [dir] {
            std::pair<EvaluationListing, models::ModelListing> both{loadEvaluationListing(dir),
                                                                    models::loadModelListing(dir)};
            return both;
        },
        [this, dir, generation](const std::pair<EvaluationListing, models::ModelListing>& both) {
            --m_loading;
            if (dir != m_projectDir || generation != m_listGeneration)
                return;
            m_form->setModels(both.second.entries);
            QString error = both.first.error.isEmpty() ? both.second.error : both.first.error;
            if (!error.isEmpty())
                showProblem(tr("The project's evaluations could not be read: %1").arg(error));
            applyListing(both.first);
            Q_EMIT listed();
        });
}

void EvaluatePanel::applyListing(const EvaluationListing& listing)
{
    m_listing = listing;
    m_form->setDatasets(listing.datasets);
    const qint64 run = m_scrubRun->currentData().toLongLong();
    {
        const QSignalBlocker blocker(m_scrubRun);
        m_scrubRun->clear();
        for (const ScrubbableRun& r : listing.runs)
            m_scrubRun->addItem(scrubRunText(r), r.runId);
        const int index = m_scrubRun->findData(run);
        m_scrubRun->setCurrentIndex(index >= 0 ? index : 0);
    }
    m_results->setEvaluations(listing.evaluations, m_taskFilter->currentData().toString());
    updateStepChart();
    onSelectionChanged();
    updateActions();
}

void EvaluatePanel::onSelectionChanged()
{
    const QList<StoredEvaluation> selected = m_results->selectedEvaluations();
    QList<StoredEvaluation> sameTask;
    for (const StoredEvaluation& e : selected)
        if (e.task == selected.first().task)
            sameTask.append(e);
    drawScores(m_scoreChart, sameTask);
    m_subjects->showEvaluations(selected); // from the summaries read with the listing
    loadExamples(selected);
    updateActions();
}

void EvaluatePanel::loadExamples(const QList<StoredEvaluation>& selected)
{
    const int generation = ++m_exampleGeneration;
    if (selected.isEmpty()) {
        m_examples->showMessage(tr("Select an evaluation to read its examples."));
        m_compare->showMessage(tr("Select two evaluations of the same task and data to compare them."));
        return;
    }
    const bool comparable = selected.size() == 2 && selected.at(0).task == selected.at(1).task &&
                            selected.at(0).dataset == selected.at(1).dataset;
    if (!comparable)
        m_compare->showMessage(tr("Select two evaluations of the same task and data to compare them."));
    const QString dir = m_projectDir;
    const qint64 firstId = selected.at(0).id;
    const qint64 secondId = comparable ? selected.at(1).id : 0;
    ++m_loading;
    runInBackground(
        this,
        [dir, firstId, secondId] {
            return std::pair<EvaluationExamples, EvaluationExamples>{
                loadEvaluationExamples(dir, firstId),
                secondId > 0 ? loadEvaluationExamples(dir, secondId) : EvaluationExamples{}};
        },
        [this, generation, selected, comparable](const std::pair<EvaluationExamples, EvaluationExamples>& rows) {
            --m_loading;
            if (generation != m_exampleGeneration)
                return;
            const StoredEvaluation& first = selected.at(0);
            if (!rows.first.error.isEmpty())
                m_examples->showMessage(rows.first.error);
            else
                m_examples->showExamples(first.task, rows.first.rows);
            if (comparable) {
                const StoredEvaluation& second = selected.at(1);
                m_compare->showComparison(first.task, rows.first.rows, rows.second.rows,
                                          QStringLiteral("%1 #%2").arg(first.label).arg(first.id),
                                          QStringLiteral("%1 #%2").arg(second.label).arg(second.id));
            }
            Q_EMIT examplesShown();
        });
}

QList<StoredEvaluation> EvaluatePanel::scrubEvaluations() const
{
    const qint64 run = m_scrubRun->currentData().toLongLong();
    const QString task = m_form->task();
    QList<StoredEvaluation> list;
    for (const StoredEvaluation& e : m_listing.evaluations)
        if (run > 0 && e.runId == run && e.task == task)
            list.append(e);
    return list;
}

void EvaluatePanel::updateStepChart()
{
    drawScoreBySteps(m_stepChart, scrubEvaluations());
}

void EvaluatePanel::showProblem(const QString& text)
{
    m_message->setText(text);
    Q_EMIT statusMessage(text);
}

void EvaluatePanel::updateActions()
{
    const bool running = m_queue->isRunning();
    const bool ready = missingInput(currentRequest()).isEmpty();
    m_runButton->setEnabled(!running && ready);
    m_runAction->setEnabled(!running);
    m_cancelButton->setEnabled(running);
    m_cancelAction->setEnabled(running);
    m_scrubButton->setEnabled(!running && m_scrubRun->count() > 0);
    const bool selected = !m_results->selectedEvaluations().isEmpty();
    m_deleteButton->setEnabled(selected && !running);
    m_deleteAction->setEnabled(selected && !running);
    m_runButton->setToolTip(ready ? tr("Evaluate each ticked model in turn (Ctrl+Return).")
                                  : missingInput(currentRequest()));
}

void EvaluatePanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh(); // an evaluation may have come from the command line
}

void EvaluatePanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void EvaluatePanel::retranslate()
{
    m_runButton->setText(tr("Run"));
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Stop the running evaluation and the ones queued after it (Esc)."));
    m_deleteButton->setText(tr("Delete…"));
    m_deleteButton->setToolTip(tr("Delete the selected evaluations from the project (Delete)."));
    m_scrubButton->setText(tr("Evaluate the checkpoints"));
    m_scrubButton->setToolTip(tr("Evaluate each checkpoint of the run with the form's task and settings, one job "
                                 "each, skipping those already evaluated on the same data."));
    m_scrubLabel->setText(tr("Run:"));
    m_scrubRun->setToolTip(tr("The run whose checkpoints are charted against the training step."));
    m_filterLabel->setText(tr("Task:"));
    m_taskFilter->setToolTip(tr("Show only the evaluations of one task."));
    m_taskFilter->setItemText(0, tr("All tasks"));
    for (int i = 1; i < m_taskFilter->count(); ++i)
        m_taskFilter->setItemText(i, taskTitle(m_taskFilter->itemData(i).toString()));
    for (int i = 0; i < m_scrubRun->count() && i < m_listing.runs.size(); ++i)
        m_scrubRun->setItemText(i, scrubRunText(m_listing.runs.at(i)));
    m_tabs->setTabText(0, tr("Chart"));
    m_tabs->setTabToolTip(0, tr("The selected evaluations' main score with one standard error."));
    m_tabs->setTabText(1, tr("Examples"));
    m_tabs->setTabText(m_tabs->indexOf(m_subjects), tr("By subject"));
    m_tabs->setTabToolTip(m_tabs->indexOf(m_subjects),
                          tr("A multiple-choice evaluation's accuracy per subject; several of the same data side "
                             "by side."));
    m_tabs->setTabText(3, tr("Compare"));
    m_tabs->setTabToolTip(3, tr("Two selected evaluations of the same task and data, example by example."));
    m_tabs->setTabText(4, tr("Checkpoints"));
    m_tabs->setTabToolTip(4, tr("A run's score against the training step of each checkpoint."));
    m_runAction->setText(tr("Run the evaluation"));
    m_cancelAction->setText(tr("Cancel the evaluations"));
    m_deleteAction->setText(tr("Delete the selected evaluations"));
    m_refreshAction->setText(tr("Read the evaluations again"));
    m_progress->setIdleText(tr("No evaluation running."));
    updateActions();
}

} // namespace lw::ui::evaluate
