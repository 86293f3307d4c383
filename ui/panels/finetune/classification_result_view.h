#pragma once
// What a classification fine-tune ended with: the accuracy on the validation and the
// test rows, and for each split the confusion matrix (rows: the true class, columns:
// the class the model picked; the diagonal is right), from the worker's
// `classification` event or the run's classification.json (docs/events.md). Hidden
// until a report is set.
#include <QJsonObject>
#include <QWidget>

#include <optional>

class QLabel;
class QTableWidget;

namespace lw::ui::finetune {

class ClassificationResultView : public QWidget {
    Q_OBJECT
public:
    explicit ClassificationResultView(QWidget* parent = nullptr);

    // {classes, validation: {accuracy, loss, confusion, n}, test: {...}}; an empty object
    // clears the view.
    void setReport(const QJsonObject& report);
    bool hasReport() const { return !m_report.isEmpty(); }
    const QJsonObject& report() const { return m_report; }
    // Reads <run dir>/classification.json on any thread: nullopt when missing or not JSON.
    static std::optional<QJsonObject> readFile(const QString& path);

    QLabel* summaryLabel() const { return m_summary; }
    QTableWidget* validationTable() const { return m_validation; }
    QTableWidget* testTable() const { return m_test; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void fill();
    void fillMatrix(QTableWidget* table, const QJsonObject& split);

    QJsonObject m_report;
    QLabel* m_summary;
    QLabel* m_validationTitle;
    QLabel* m_testTitle;
    QTableWidget* m_validation;
    QTableWidget* m_test;
};

} // namespace lw::ui::finetune
