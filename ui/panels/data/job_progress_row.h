#pragma once
// A DataJob's progress where the user started it: a bar, what the job is doing with its
// ETA, and Cancel (Esc while the row has focus). Hidden while no job runs.
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace lw::ui {
struct ProgressEvent;
}

namespace lw::ui::data {

class DataJob;

class JobProgressRow : public QWidget {
    Q_OBJECT
public:
    explicit JobProgressRow(DataJob* job, QWidget* parent = nullptr);

    QProgressBar* bar() const { return m_bar; }
    QLabel* label() const { return m_label; }
    QPushButton* cancelButton() const { return m_cancel; }

    // "42 % · 1m 05s left · 12,000 rows, 3 rejected · file.jsonl": what is known of it.
    static QString progressText(const lw::ui::ProgressEvent& event, double etaSeconds);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    DataJob* m_job;
    QProgressBar* m_bar;
    QLabel* m_label;
    QPushButton* m_cancel;
};

} // namespace lw::ui::data
