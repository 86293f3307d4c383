#pragma once
// The "Evaluate checkpoints" box of the Train and Fine-tune panels: the tasks each
// checkpoint is scored on as the run writes it (`--eval-task SPEC`, one per non-empty
// line; the grammar is core/eval/eval_task_spec.h), so that Runs and Evaluate chart the
// scores against the step.
#include <QGroupBox>
#include <QStringList>

class QPlainTextEdit;

namespace lw::ui {

class EvalTasksBox : public QGroupBox {
    Q_OBJECT
public:
    explicit EvalTasksBox(QWidget* parent = nullptr);

    // One task per non-empty line, trimmed.
    QStringList tasks() const;
    void setTasks(const QStringList& tasks);
    // "Evaluate checkpoints: <why>" for the first task the worker would refuse, or "".
    QString problem() const;
    QPlainTextEdit* editor() const { return m_tasks; }

Q_SIGNALS:
    void tasksChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    QPlainTextEdit* m_tasks;
};

} // namespace lw::ui
