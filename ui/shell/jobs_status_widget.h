#pragma once
// The running jobs, in the status bar: one compact row per job with its title, a
// progress bar, the time left and a button that cancels it.
#include <QHash>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QProgressBar;
class QToolButton;

namespace lw::ui {

class JobSupervisor;
struct JobEnd;

class JobsStatusWidget : public QWidget {
    Q_OBJECT
public:
    explicit JobsStatusWidget(JobSupervisor* supervisor, QWidget* parent = nullptr);
    int rowCount() const { return int(m_rows.size()); }

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Row {
        QWidget* widget = nullptr;
        QLabel* title = nullptr;
        QProgressBar* bar = nullptr;
        QLabel* eta = nullptr;
        QToolButton* cancel = nullptr;
    };
    void addRow(int jobId);
    void removeRow(int jobId);
    void setProgress(int jobId, double fraction, double etaSeconds);
    void retranslate();

    JobSupervisor* m_supervisor;
    QHBoxLayout* m_layout;
    QHash<int, Row> m_rows;
};

} // namespace lw::ui
