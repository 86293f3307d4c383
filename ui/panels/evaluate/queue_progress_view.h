#pragma once
// Where a queue of worker jobs shows how far it is: the running job's line and bar (its
// title, percentage, ETA and latest message) and the whole queue's line and bar, the
// bars shown only while the queue runs. Used by every panel that runs an EvalQueue.
#include <QWidget>

class QLabel;
class QProgressBar;

namespace lw::ui::evaluate {

class EvalQueue;

class QueueProgressView : public QWidget {
    Q_OBJECT
public:
    explicit QueueProgressView(QWidget* parent = nullptr);

    // Follows `queue`'s start, progress and end.
    void follow(EvalQueue* queue);
    // The line shown while nothing runs ("No evaluation running.").
    void setIdleText(const QString& text);
    // Replaces the queue's line (the end of a queue: what was done).
    void setSummary(const QString& text);

    QLabel* jobLabel() const { return m_jobLabel; }
    QLabel* overallLabel() const { return m_overallLabel; }

private:
    EvalQueue* m_queue = nullptr;
    QString m_idleText;
    QLabel* m_jobLabel;
    QProgressBar* m_jobBar;
    QLabel* m_overallLabel;
    QProgressBar* m_overallBar;
};

} // namespace lw::ui::evaluate
