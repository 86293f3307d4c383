#pragma once
// An evaluation's examples, one per row (question or prompt, the model's answer or
// chosen choice, the reference or gold, the score), or two evaluations of the same task
// and data side by side, matched example by example, with a filter that keeps only
// those where they disagree (one right, the other wrong).
#include "ui/panels/evaluate/eval_scores.h"

#include <QJsonArray>
#include <QWidget>

class QCheckBox;
class QLabel;
class QTableWidget;

namespace lw::ui::evaluate {

class EvalExamplesView : public QWidget {
    Q_OBJECT
public:
    // `comparing`: two evaluations side by side, with the disagreement filter.
    explicit EvalExamplesView(bool comparing, QWidget* parent = nullptr);

    void showExamples(const QString& task, const QJsonArray& rows);
    void showComparison(const QString& task, const QJsonArray& first, const QJsonArray& second,
                        const QString& firstName, const QString& secondName);
    void showMessage(const QString& text); // and no rows

    QTableWidget* table() const { return m_table; }
    QCheckBox* disagreeFilter() const { return m_onlyDisagree; }
    // The example keys of the rows shown (after the filter), top to bottom.
    QList<qint64> shownKeys() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyFilter();
    void retranslate();

    bool m_comparing;
    QLabel* m_caption;
    QCheckBox* m_onlyDisagree;
    QTableWidget* m_table;
    QList<ExamplePair> m_pairs;
    QString m_firstName;
    QString m_secondName;
};

} // namespace lw::ui::evaluate
