#pragma once
// The stored evaluations as a table: model, task, dataset, the main score ± its
// standard error, n, date and duration; filtered by task ("" for all). Rows keep their
// evaluation's id, so the selection survives a refill.
#include "ui/panels/evaluate/eval_store_reader.h"

#include <QTableWidget>

namespace lw::ui::evaluate {

class EvalResultsTable : public QTableWidget {
    Q_OBJECT
public:
    enum Column { ModelColumn, TaskColumn, DatasetColumn, ScoreColumn, CountColumn, DateColumn, DurationColumn,
                  ColumnCount };

    explicit EvalResultsTable(QWidget* parent = nullptr);

    void setEvaluations(const QList<StoredEvaluation>& evaluations, const QString& taskFilter);
    // The selected rows' evaluations, top to bottom.
    QList<StoredEvaluation> selectedEvaluations() const;
    void selectEvaluations(const QList<qint64>& ids);
    qint64 evaluationIdAt(int row) const;

    // "0.512 ± 0.021" (± left out when the error is unknown).
    static QString scoreText(const StoredEvaluation& evaluation);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void fill();
    static QString modelText(const StoredEvaluation& evaluation);

    QList<StoredEvaluation> m_all;
    QList<StoredEvaluation> m_shown;
    QString m_filter;
};

} // namespace lw::ui::evaluate
