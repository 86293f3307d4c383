#pragma once
// The log: what the jobs report (their `log` events and standard error) and what the
// app itself says, newest at the bottom.
#include <QDockWidget>
#include <QHash>

class QPlainTextEdit;

namespace lw::ui {

class JobSupervisor;

class LogDock : public QDockWidget {
    Q_OBJECT
public:
    static constexpr int kMaxLines = 5000;

    explicit LogDock(JobSupervisor* supervisor, QWidget* parent = nullptr);
    void appendLine(const QString& source, const QString& message);
    QPlainTextEdit* view() const { return m_view; }

protected:
    void changeEvent(QEvent* event) override;

private:
    QString jobTitle(int jobId);

    JobSupervisor* m_supervisor;
    QHash<int, QString> m_titles;
    QPlainTextEdit* m_view;
};

} // namespace lw::ui
