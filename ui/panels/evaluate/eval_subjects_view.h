#pragma once
// A multiple-choice evaluation's figures per subject (MMLU-style data), as a table the
// user sorts by any column: subject, acc ± standard error, acc_norm ± standard error
// and n. Two or more evaluations of the same data go side by side, one column per model
// (acc or acc_norm, picked above the table), oldest first, and the change from the
// oldest to the newest, lined up by subject, so a fine-tune or a quantization that lost ground on a subject
// shows at the top when sorted by the change. Filled from the summaries the panel has
// already read from the store: it never reads the disk itself.
#include "ui/panels/evaluate/eval_store_reader.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableWidget;

namespace lw::ui::evaluate {

class EvalSubjectsView : public QWidget {
    Q_OBJECT
public:
    // What the figure cells hold besides their text: the exact value (what sorting uses;
    // the subject's name and n sort by themselves) and its standard error.
    static constexpr int kValueRole = Qt::UserRole + 1;
    static constexpr int kStderrRole = Qt::UserRole + 2;
    enum Metric { Acc, AccNorm };

    explicit EvalSubjectsView(QWidget* parent = nullptr);

    // The multiple-choice evaluations with subjects among `evaluations`: the first one's,
    // or side by side those of the same data as the first (oldest first); a message when
    // there is none.
    void showEvaluations(const QList<StoredEvaluation>& evaluations);

    QTableWidget* table() const { return m_table; }
    QComboBox* metricBox() const { return m_metric; }
    QLabel* caption() const { return m_caption; }
    bool isComparing() const { return m_shown.size() > 1; }
    // The evaluations in the table, left to right (oldest first).
    const QList<StoredEvaluation>& shown() const { return m_shown; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void fill();
    void fillOne(const StoredEvaluation& evaluation);
    void fillSideBySide();
    void retranslate();

    QLabel* m_caption;
    QLabel* m_metricLabel;
    QComboBox* m_metric;
    QTableWidget* m_table;
    QList<StoredEvaluation> m_shown;
};

} // namespace lw::ui::evaluate
