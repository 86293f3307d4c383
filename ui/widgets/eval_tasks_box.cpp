#include "ui/widgets/eval_tasks_box.h"

#include "core/eval/eval_task_spec.h"

#include <QEvent>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include <exception>

namespace lw::ui {

EvalTasksBox::EvalTasksBox(QWidget* parent) : QGroupBox(parent)
{
    m_tasks = new QPlainTextEdit(this);
    m_tasks->setObjectName(QStringLiteral("evalTasks"));
    m_tasks->setFixedHeight(m_tasks->fontMetrics().lineSpacing() * 4);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tasks);
    connect(m_tasks, &QPlainTextEdit::textChanged, this, &EvalTasksBox::tasksChanged);
    retranslate();
}

QStringList EvalTasksBox::tasks() const
{
    QStringList tasks;
    for (const QString& line : m_tasks->toPlainText().split(QLatin1Char('\n'))) {
        const QString task = line.trimmed();
        if (!task.isEmpty())
            tasks << task;
    }
    return tasks;
}

void EvalTasksBox::setTasks(const QStringList& tasks)
{
    m_tasks->setPlainText(tasks.join(QLatin1Char('\n')));
}

QString EvalTasksBox::problem() const
{
    // Parsed as the worker parses --eval-task, so a typo is said before the run starts.
    for (const QString& task : tasks()) {
        try {
            eval::parseEvalTaskSpec(task.toStdString());
        } catch (const std::exception& e) {
            return tr("Evaluate checkpoints: %1").arg(QString::fromUtf8(e.what()));
        }
    }
    return {};
}

void EvalTasksBox::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QGroupBox::changeEvent(event);
}

void EvalTasksBox::retranslate()
{
    setTitle(tr("Evaluate checkpoints"));
    m_tasks->setPlaceholderText(tr("One task per line, e.g. perplexity:text-file=/data/held_out.txt"));
    m_tasks->setToolTip(
        tr("Each checkpoint is scored on these tasks as it is written; Runs and Evaluate chart the scores "
           "against the step.\nperplexity:dataset=NAME or text-file=FILE, context=N, stride=S\n"
           "mc:data=FILE or DATASET, layout=auto|mmlu|hellaswag|arc, shots=K, seed=S, limit=N"));
}

} // namespace lw::ui
