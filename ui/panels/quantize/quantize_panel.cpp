#include "ui/panels/quantize/quantize_panel.h"

#include "ui/panels/evaluate/eval_queue.h"
#include "ui/panels/evaluate/queue_progress_view.h"
#include "ui/panels/quantize/importance_file_check.h"
#include "ui/panels/quantize/quant_report_charts.h"
#include "ui/panels/quantize/quant_report_table.h"
#include "ui/panels/quantize/quantize_command_line.h"
#include "ui/panels/quantize/quantize_form.h"
#include "ui/panels/quantize/saved_quantize_setup.h"
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

#include <utility>

namespace lw::ui::quantize {

QuantizePanel::QuantizePanel(JobSupervisor* supervisor, QWidget* parent)
    : QWidget(parent), m_supervisor(supervisor), m_form(new QuantizeForm(this)),
      m_queue(new evaluate::EvalQueue(supervisor, this)), m_reports(new QuantReportTable(this)),
      m_referenceFilter(new QComboBox(this)), m_referenceLabel(new QLabel(this)),
      m_sizeChart(makeResultsChart(this, QStringLiteral("quantSizeChart"), 180)),
      m_errorChart(makeResultsChart(this, QStringLiteral("quantErrorChart"), 180)), m_tabs(new QTabWidget(this)),
      m_runButton(new QPushButton(this)), m_cancelButton(new QPushButton(this)), m_message(new QLabel(this)),
      m_progress(new evaluate::QueueProgressView(this)),
      m_runAction(panelShortcut(this, QKeySequence(QStringLiteral("Ctrl+Return")))),
      m_cancelAction(panelShortcut(this, QKeySequence(Qt::Key_Escape))),
      m_refreshAction(panelShortcut(this, QKeySequence::Refresh))
{
    setObjectName(QStringLiteral("quantizePanel"));
    m_runButton->setObjectName(QStringLiteral("quantRun"));
    m_cancelButton->setObjectName(QStringLiteral("quantCancel"));
    m_referenceFilter->setObjectName(QStringLiteral("quantReferenceFilter"));
    m_message->setObjectName(QStringLiteral("quantMessage"));
    layOut();

    connect(m_runAction, &QAction::triggered, this, &QuantizePanel::run);
    connect(m_runButton, &QPushButton::clicked, this, &QuantizePanel::run);
    connect(m_cancelAction, &QAction::triggered, this, &QuantizePanel::cancel);
    connect(m_cancelButton, &QPushButton::clicked, this, &QuantizePanel::cancel);
    connect(m_refreshAction, &QAction::triggered, this, &QuantizePanel::refresh);
    connect(m_form, &QuantizeForm::changed, this, &QuantizePanel::updateActions);
    connect(m_referenceFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_reports->setReports(m_reportsStored, m_referenceFilter->currentData().toString());
        drawSizeAgainstPerplexity(m_sizeChart, chartedReports());
        onSelectionChanged();
    });
    connect(m_reports, &QTableWidget::itemSelectionChanged, this, &QuantizePanel::onSelectionChanged);
    connectQueue();
    retranslate();
    updateActions();
}

void QuantizePanel::layOut()
{
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_referenceLabel);
    bar->addWidget(m_referenceFilter, 1);
    m_tabs->setObjectName(QStringLiteral("quantTabs"));
    m_tabs->addTab(m_sizeChart, QString());
    m_tabs->addTab(m_errorChart, QString());
    layOutQueuePanel(this, {m_form, m_runButton, m_cancelButton, m_progress, m_message}, {bar, m_reports, m_tabs},
                     {360, 420});
}

void QuantizePanel::setProjectDir(const QString& dir)
{
    if (m_queue->isRunning())
        m_queue->cancel();
    m_projectDir = dir;
    m_reportsStored.clear();
    m_message->clear();
    applyListing({});
    refresh();
    restoreSavedSetup();
}

void QuantizePanel::restoreSavedSetup()
{
    if (m_projectDir.isEmpty())
        return;
    const QString dir = m_projectDir;
    runInBackground(
        this,
        [dir] {
            QString error;
            SavedQuantizeSetup setup = loadSavedQuantizeSetup(dir, &error);
            return std::pair<SavedQuantizeSetup, QString>{setup, error};
        },
        [this, dir](const std::pair<SavedQuantizeSetup, QString>& loaded) {
            if (dir != m_projectDir)
                return;
            if (!loaded.second.isEmpty())
                showProblem(loaded.second);
            if (!loaded.first.isEmpty())
                applySavedSetup(*m_form, loaded.first);
            Q_EMIT setupRestored();
        });
}

void QuantizePanel::refresh()
{
    if (m_projectDir.isEmpty())
        return;
    const QString dir = m_projectDir;
    const int generation = ++m_listGeneration;
    ++m_loading;
    runInBackground(
        this,
        [dir] {
            return std::pair<evaluate::EvaluationListing, models::ModelListing>{evaluate::loadEvaluationListing(dir),
                                                                                models::loadModelListing(dir)};
        },
        [this, dir, generation](const std::pair<evaluate::EvaluationListing, models::ModelListing>& both) {
            --m_loading;
            if (dir != m_projectDir || generation != m_listGeneration)
                return;
            m_form->setModels(both.second.entries);
            const QString error = both.first.error.isEmpty() ? both.second.error : both.first.error;
            if (!error.isEmpty())
                showProblem(tr("The project could not be read: %1").arg(error));
            applyListing(both.first);
            Q_EMIT listed();
        });
}

void QuantizePanel::applyListing(const evaluate::EvaluationListing& listing)
{
    m_reportsStored.clear();
    for (const evaluate::StoredEvaluation& e : listing.evaluations)
        if (e.task == kQuantReportTask)
            m_reportsStored.append(e);
    m_form->setDatasets(listing.datasets);
    fillReferenceFilter();
    m_reports->setReports(m_reportsStored, m_referenceFilter->currentData().toString());
    drawSizeAgainstPerplexity(m_sizeChart, chartedReports());
    onSelectionChanged();
    updateActions();
}

// A run's checkpoint ("1", "1:best") by the name the model list gives it.
QString QuantizePanel::referenceName(const QString& reference) const
{
    const int listed = m_form->modelBox()->findData(reference);
    return listed >= 0 ? m_form->modelBox()->itemText(listed) : reference;
}

// The shown reports with their originals named as the model list names them (the
// chart labels the original's point with it).
QList<QuantReportFigures> QuantizePanel::chartedReports() const
{
    QList<QuantReportFigures> reports = m_reports->shownReports();
    for (QuantReportFigures& r : reports)
        r.reference = referenceName(r.reference);
    return reports;
}

void QuantizePanel::fillReferenceFilter()
{
    const QString current = m_referenceFilter->currentData().toString();
    QStringList references;
    for (const evaluate::StoredEvaluation& e : m_reportsStored) {
        const QString reference = reportFigures(e).reference;
        if (!references.contains(reference))
            references.append(reference);
    }
    const QSignalBlocker blocker(m_referenceFilter);
    m_referenceFilter->clear();
    m_referenceFilter->addItem(tr("All originals"), QString());
    for (const QString& reference : references)
        m_referenceFilter->addItem(referenceName(reference), reference);
    // The newest report's original by default: its quantizations are what the user
    // compares first.
    int index = m_referenceFilter->findData(current);
    if (index < 0 || current.isEmpty())
        index = references.isEmpty() ? 0 : 1;
    m_referenceFilter->setCurrentIndex(index);
}

void QuantizePanel::onSelectionChanged()
{
    const QList<QuantReportFigures> selected = m_reports->selectedReports();
    const int generation = ++m_errorGeneration;
    if (selected.isEmpty()) {
        m_errorRows = {};
        m_errorModel.clear();
        drawErrors();
        return;
    }
    const QuantReportFigures report = selected.first();
    const QString dir = m_projectDir;
    ++m_loading;
    runInBackground(
        this, [dir, id = report.evaluationId] { return evaluate::loadEvaluationExamples(dir, id); },
        [this, generation, report](const evaluate::EvaluationExamples& rows) {
            --m_loading;
            if (generation != m_errorGeneration)
                return;
            if (!rows.error.isEmpty())
                showProblem(rows.error);
            m_errorRows = rows.rows;
            m_errorModel = report.model;
            drawErrors();
            Q_EMIT matrixErrorsShown();
        });
}

QLabel* QuantizePanel::jobLabel() const
{
    return m_progress->jobLabel();
}

void QuantizePanel::drawErrors()
{
    drawMatrixErrors(m_errorChart, m_errorRows,
                     m_errorModel.isEmpty() ? tr("Select a report to see the error of each matrix.")
                                            : tr("matrices of %1").arg(m_errorModel));
}

QuantizeRequest QuantizePanel::currentRequest() const
{
    QuantizeRequest request = m_form->request();
    request.projectDir = m_projectDir;
    return request;
}

bool QuantizePanel::run()
{
    if (m_queue->isRunning() || m_checkingFiles)
        return false;
    const QuantizeRequest request = currentRequest();
    const QString missing = missingInput(request);
    if (!missing.isEmpty()) {
        showProblem(missing);
        return false;
    }
    m_message->clear();
    if (request.importanceFile.isEmpty())
        return startJobs(request);
    m_checkingFiles = true;
    updateActions();
    runInBackground(
        this, [path = request.importanceFile] { return importanceFileProblem(path); },
        [this, request](const QString& problem) {
            m_checkingFiles = false;
            if (!problem.isEmpty()) {
                showProblem(problem);
                updateActions();
                Q_EMIT startRefused(problem);
                return;
            }
            if (request.projectDir != m_projectDir || !startJobs(request))
                updateActions();
        });
    return true;
}

bool QuantizePanel::startJobs(const QuantizeRequest& request)
{
    if (!m_queue->start(quantizeJobs(request)))
        return false;
    // What was run is what the next start of the panel shows.
    runInBackground(
        this, [request] { return saveQuantizeSetup(request.projectDir, savedSetupOf(request)); },
        [this](const QString& error) {
            if (!error.isEmpty())
                showProblem(error);
        });
    return true;
}

void QuantizePanel::cancel()
{
    m_queue->cancel();
}

void QuantizePanel::connectQueue()
{
    using evaluate::EvalQueue;
    m_progress->follow(m_queue);
    connect(m_queue, &EvalQueue::runningChanged, this, &QuantizePanel::updateActions);
    connect(m_queue, &EvalQueue::jobSucceeded, this, [this](int index, const QJsonObject&) {
        if (index == 0) {
            Q_EMIT statusMessage(tr("%1 written.").arg(currentRequest().output));
            Q_EMIT modelsChanged();
        }
        refresh();
    });
    connect(m_queue, &EvalQueue::jobFailed, this, [this](int, const QString& title, const QString& message) {
        const QString text = tr("%1 failed: %2").arg(title, message);
        m_message->setText(m_message->text().isEmpty() ? text : m_message->text() + QLatin1Char('\n') + text);
        Q_EMIT statusMessage(text);
    });
    connect(m_queue, &EvalQueue::finished, this, [this](int succeeded, int failed, bool cancelled) {
        m_progress->setSummary(cancelled ? tr("Cancelled: %1 step(s) done, the rest not run.").arg(succeeded)
                                         : tr("Done: %1 step(s) succeeded, %2 failed.").arg(succeeded).arg(failed));
        refresh();
        Q_EMIT queueFinished(succeeded, failed, cancelled);
    });
}

void QuantizePanel::showProblem(const QString& text)
{
    m_message->setText(text);
    Q_EMIT statusMessage(text);
}

void QuantizePanel::updateActions()
{
    const bool running = m_queue->isRunning();
    const QString missing = missingInput(currentRequest());
    m_runButton->setEnabled(!running && !m_checkingFiles && missing.isEmpty());
    m_runAction->setEnabled(!running && !m_checkingFiles);
    m_cancelButton->setEnabled(running);
    m_cancelAction->setEnabled(running);
    m_runButton->setToolTip(missing.isEmpty() ? tr("Write the new model, then measure it (Ctrl+Return).") : missing);
}

void QuantizePanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh(); // a model or report may have come from the command line
}

void QuantizePanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void QuantizePanel::retranslate()
{
    m_runButton->setText(tr("Run"));
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Stop the running step; a model being written is not kept (Esc)."));
    m_referenceLabel->setText(tr("Original:"));
    m_referenceFilter->setToolTip(tr("Compare the quantizations of one original model."));
    if (m_referenceFilter->count() > 0)
        m_referenceFilter->setItemText(0, tr("All originals"));
    m_tabs->setTabText(0, tr("Size and perplexity"));
    m_tabs->setTabToolTip(0, tr("Each report's size on disk against its perplexity, the original included."));
    m_tabs->setTabText(1, tr("Error per matrix"));
    m_tabs->setTabToolTip(1, tr("The selected report's relative weight error of every matrix, layer by layer."));
    m_runAction->setText(tr("Quantize"));
    m_cancelAction->setText(tr("Cancel the quantization"));
    m_refreshAction->setText(tr("Read the reports again"));
    m_progress->setIdleText(tr("Nothing running."));
    // The charts' legends and axis titles are drawn text: drawn again in the new language.
    drawSizeAgainstPerplexity(m_sizeChart, chartedReports());
    drawErrors();
    updateActions();
}

} // namespace lw::ui::quantize
