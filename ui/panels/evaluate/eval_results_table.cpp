#include "ui/panels/evaluate/eval_results_table.h"

#include "ui/panels/evaluate/eval_scores.h"
#include "ui/shell/worker_events.h"
#include "ui/widgets/number_text.h"

#include <QDateTime>
#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace lw::ui::evaluate {

namespace {

constexpr int kIdRole = Qt::UserRole;

// Enough digits to tell two close scores apart: 3 decimals below 10, 2 above, and 3
// significant digits for tiny figures (a good quantization's KL divergence is 0.0002).
QString scoreNumber(double value)
{
    return formatDecimals(value, std::abs(value) < 10 ? 3 : 2);
}

} // namespace

EvalResultsTable::EvalResultsTable(QWidget* parent) : QTableWidget(0, ColumnCount, parent)
{
    setObjectName(QStringLiteral("evalResults"));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    verticalHeader()->hide();
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(ModelColumn, QHeaderView::Stretch);
    retranslate();
}

QString EvalResultsTable::scoreText(const StoredEvaluation& evaluation)
{
    const MainScore score = mainScore(evaluation.task, evaluation.summary);
    if (std::isnan(score.value))
        return QStringLiteral("–");
    if (std::isnan(score.standardError))
        return scoreNumber(score.value);
    return QStringLiteral("%1 ± %2").arg(scoreNumber(score.value), scoreNumber(score.standardError));
}

// A run's checkpoint in the language shown (the store keeps the worker's English label).
QString EvalResultsTable::modelText(const StoredEvaluation& evaluation)
{
    if (evaluation.runId > 0 && evaluation.step >= 0)
        return tr("Run #%1, step %2").arg(evaluation.runId).arg(QLocale().toString(evaluation.step));
    return evaluation.label;
}

void EvalResultsTable::setEvaluations(const QList<StoredEvaluation>& evaluations, const QString& taskFilter)
{
    m_all = evaluations;
    m_filter = taskFilter;
    fill();
}

void EvalResultsTable::fill()
{
    QList<qint64> selected;
    for (const StoredEvaluation& e : selectedEvaluations())
        selected.append(e.id);
    m_shown.clear();
    for (const StoredEvaluation& e : std::as_const(m_all))
        if (m_filter.isEmpty() || e.task == m_filter)
            m_shown.append(e);
    QSignalBlocker blocker(this);
    setSortingEnabled(false);
    setRowCount(int(m_shown.size()));
    for (int row = 0; row < m_shown.size(); ++row) {
        const StoredEvaluation& e = m_shown.at(row);
        const qint64 n = exampleCount(e.task, e.summary);
        const QStringList texts = {
            modelText(e),
            taskTitle(e.task),
            e.dataset,
            scoreText(e),
            n >= 0 ? QLocale().toString(n) : QString(),
            QLocale().toString(QDateTime::fromSecsSinceEpoch(qint64(e.createdAt)), QLocale::ShortFormat),
            formatEta(e.durationSeconds).isEmpty() ? QStringLiteral("0s") : formatEta(e.durationSeconds),
        };
        for (int column = 0; column < ColumnCount; ++column) {
            auto* item = new QTableWidgetItem(texts.at(column));
            item->setData(kIdRole, e.id);
            if (column == ScoreColumn || column == CountColumn || column == DurationColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            setItem(row, column, item);
        }
        item(row, ModelColumn)->setToolTip(tr("--model %1").arg(e.model));
        item(row, DatasetColumn)->setToolTip(e.dataset);
        item(row, ScoreColumn)->setToolTip(subjectBreakdown(e.task, e.summary)); // per-subject figures, when any
    }
    blocker.unblock(); // the selection below is news for the panel
    selectEvaluations(selected);
}

QList<StoredEvaluation> EvalResultsTable::selectedEvaluations() const
{
    QList<StoredEvaluation> list;
    const QModelIndexList rows = selectionModel() ? selectionModel()->selectedRows() : QModelIndexList();
    QList<int> numbers;
    for (const QModelIndex& index : rows)
        numbers.append(index.row());
    std::sort(numbers.begin(), numbers.end());
    for (int row : numbers)
        if (row >= 0 && row < m_shown.size())
            list.append(m_shown.at(row));
    return list;
}

void EvalResultsTable::selectEvaluations(const QList<qint64>& ids)
{
    const QSet<qint64> wanted(ids.begin(), ids.end());
    clearSelection();
    for (int row = 0; row < m_shown.size(); ++row)
        if (wanted.contains(m_shown.at(row).id))
            selectionModel()->select(model()->index(row, 0),
                                     QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

qint64 EvalResultsTable::evaluationIdAt(int row) const
{
    return row >= 0 && row < m_shown.size() ? m_shown.at(row).id : 0;
}

void EvalResultsTable::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        fill();
    }
    QTableWidget::changeEvent(event);
}

void EvalResultsTable::retranslate()
{
    setHorizontalHeaderLabels({tr("Model"), tr("Task"), tr("Data"), tr("Score"), tr("n"), tr("Date"),
                               tr("Duration")});
    horizontalHeaderItem(ScoreColumn)->setToolTip(
        tr("The task's main score ± one standard error: accuracy for multiple choice, perplexity (lower is "
           "better), exact match for generation, the judge's mean score or win rate."));
    horizontalHeaderItem(CountColumn)->setToolTip(tr("Examples evaluated (tokens scored, for perplexity)."));
    if (!m_all.isEmpty())
        fill(); // names, task titles and numbers in the language shown
}

} // namespace lw::ui::evaluate
