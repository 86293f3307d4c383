// The Evaluate panel's jobs: running the form's evaluation once per model, scrubbing a
// run's checkpoints, following the queue's progress, and deleting evaluations.
#include "ui/panels/evaluate/eval_form.h"
#include "ui/panels/evaluate/eval_queue.h"
#include "ui/panels/evaluate/eval_results_table.h"
#include "ui/panels/evaluate/evaluate_panel.h"
#include "ui/panels/evaluate/queue_progress_view.h"
#include "ui/shell/background.h"
#include "ui/shell/worker_events.h"

#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>

namespace lw::ui::evaluate {

namespace {

// Whether a stored evaluation's data is what the form names: the same name or path, the
// name with the version the worker adds ("name@3", "name (v3)"), or the same file.
bool sameData(const QString& stored, const QString& asked)
{
    if (stored == asked)
        return true;
    if (stored.startsWith(asked) && stored.size() > asked.size() &&
        QStringLiteral("@ :(").contains(stored.at(asked.size())))
        return true;
    const QFileInfo a(stored), b(asked);
    return a.exists() && b.exists() && a.canonicalFilePath() == b.canonicalFilePath();
}

} // namespace

EvalRequest EvaluatePanel::currentRequest() const
{
    EvalRequest request = m_form->request();
    request.projectDir = m_projectDir;
    return request;
}

bool EvaluatePanel::run()
{
    if (m_queue->isRunning())
        return false;
    const EvalRequest request = currentRequest();
    const QString missing = missingInput(request);
    if (!missing.isEmpty()) {
        showProblem(missing);
        return false;
    }
    QList<JobSpec> jobs;
    for (const QString& model : request.models)
        jobs.append(evalJob(request, model));
    m_scrubbingRun = 0;
    m_message->clear();
    return m_queue->start(jobs);
}

bool EvaluatePanel::scrubRun(qint64 runId)
{
    if (m_queue->isRunning())
        return false;
    EvalRequest request = currentRequest();
    const ScrubbableRun* run = nullptr;
    for (const ScrubbableRun& r : m_listing.runs)
        if (r.runId == runId)
            run = &r;
    request.models = {QStringLiteral("checkpoint")}; // checked below, per checkpoint
    const QString missing = missingInput(request);
    if (!missing.isEmpty() || !run) {
        showProblem(run ? missing : tr("That run has no checkpoints to evaluate."));
        return false;
    }
    // Steps already evaluated with this task on this data are kept, not evaluated again.
    const QString data = request.task == kTaskPerplexity
                             ? (request.dataset.isEmpty() ? request.textFile : request.dataset)
                             : request.data;
    QSet<qint64> done;
    for (const StoredEvaluation& e : m_listing.evaluations)
        if (e.runId == runId && e.task == request.task && e.step >= 0 &&
            sameData(e.dataset, data))
            done.insert(e.step);
    QList<JobSpec> jobs;
    for (const RunCheckpoint& checkpoint : run->checkpoints) {
        if (done.contains(checkpoint.step))
            continue;
        JobSpec spec = evalJob(request, checkpoint.path);
        spec.title = tr("Evaluate %1 at step %2 (%3)").arg(run->name).arg(checkpoint.step).arg(request.task);
        jobs.append(spec);
    }
    if (jobs.isEmpty()) {
        showProblem(tr("Every checkpoint of %1 is already evaluated with this task on this data.").arg(run->name));
        return false;
    }
    m_scrubbingRun = runId;
    const int index = m_scrubRun->findData(runId);
    if (index >= 0)
        m_scrubRun->setCurrentIndex(index);
    m_message->clear();
    return m_queue->start(jobs);
}

void EvaluatePanel::cancel()
{
    m_queue->cancel();
}

void EvaluatePanel::connectQueue()
{
    m_progress->follow(m_queue);
    connect(m_queue, &EvalQueue::runningChanged, this, &EvaluatePanel::updateActions);
    connect(m_queue, &EvalQueue::jobSucceeded, this, [this](int, const QJsonObject& result) {
        const qint64 id = qint64(result.value(QLatin1String("evaluation_id")).toDouble());
        Q_EMIT statusMessage(tr("Evaluation %1 stored.").arg(id));
        refresh(); // the new evaluation joins the table and the charts
    });
    connect(m_queue, &EvalQueue::jobFailed, this, [this](int, const QString& title, const QString& message) {
        const QString text = tr("%1 failed: %2").arg(title, message);
        m_message->setText(m_message->text().isEmpty() ? text : m_message->text() + QLatin1Char('\n') + text);
        Q_EMIT statusMessage(text);
    });
    connect(m_queue, &EvalQueue::finished, this, [this](int succeeded, int failed, bool cancelled) {
        m_progress->setSummary(cancelled ? tr("Cancelled: %1 done, the rest not run.").arg(succeeded)
                                         : tr("Done: %1 stored, %2 failed.").arg(succeeded).arg(failed));
        m_scrubbingRun = 0;
        refresh();
        Q_EMIT queueFinished(succeeded, failed, cancelled);
    });
}

void EvaluatePanel::deleteEvaluation(qint64 id)
{
    const QString dir = m_projectDir;
    ++m_loading;
    runInBackground(this, [dir, id] { return deleteStoredEvaluation(dir, id); },
                    [this, id](const QString& error) {
                        --m_loading;
                        if (!error.isEmpty())
                            showProblem(tr("Evaluation %1 could not be deleted: %2").arg(id).arg(error));
                        refresh();
                    });
}

void EvaluatePanel::deleteSelectedWithQuestion()
{
    const QList<StoredEvaluation> selected = m_results->selectedEvaluations();
    if (selected.isEmpty() || m_queue->isRunning())
        return;
    QStringList names;
    for (const StoredEvaluation& e : selected)
        names.append(QStringLiteral("#%1 %2 (%3)").arg(e.id).arg(e.label, e.task));
    QMessageBox box(QMessageBox::Question, tr("Delete evaluations"),
                    tr("Delete %n evaluation(s) and their per-example results from the project? This cannot be "
                       "undone.",
                       nullptr, int(selected.size())),
                    QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("evalDeleteQuestion"));
    box.setDetailedText(names.join(QLatin1Char('\n')));
    QPushButton* remove = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != remove)
        return;
    for (const StoredEvaluation& e : selected)
        deleteEvaluation(e.id);
}

} // namespace lw::ui::evaluate
