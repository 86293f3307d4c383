#include "ui/shell/log_dock.h"

#include "ui/shell/job_supervisor.h"

#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QPlainTextEdit>

namespace lw::ui {

LogDock::LogDock(JobSupervisor* supervisor, QWidget* parent) : QDockWidget(parent), m_supervisor(supervisor)
{
    setObjectName(QStringLiteral("logDock"));
    m_view = new QPlainTextEdit(this);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setReadOnly(true);
    m_view->setMaximumBlockCount(kMaxLines);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    setWidget(m_view);
    setWindowTitle(tr("Log"));

    connect(supervisor, &JobSupervisor::logMessage, this,
            [this](int jobId, const QString& level, const QString& message) {
                appendLine(jobTitle(jobId), level == QLatin1String("info") || level == QLatin1String("stderr")
                                       ? message
                                       : QStringLiteral("[%1] %2").arg(level, message));
            });
    connect(supervisor, &JobSupervisor::jobStarted, this, [this](int jobId) {
        const JobInfo info = m_supervisor->info(jobId);
        appendLine(jobTitle(jobId), tr("started (process %1)").arg(info.pid));
    });
    connect(supervisor, &JobSupervisor::jobEnded, this, [this](int jobId, const JobEnd& end) {
        const QString title = jobTitle(jobId);
        m_titles.remove(jobId);
        switch (end.kind) {
        case JobEnd::Kind::Finished:
            appendLine(title, tr("ended: %1").arg(end.finishedStatus.isEmpty() ? tr("done") : end.finishedStatus));
            break;
        case JobEnd::Kind::Failed:
            appendLine(title, tr("failed: %1").arg(end.message));
            break;
        case JobEnd::Kind::Crashed:
            appendLine(title, tr("crashed: %1").arg(end.message));
            break;
        }
    });
}

QString LogDock::jobTitle(int jobId)
{
    // Titles are kept here because a job's info is gone by the time it has ended.
    const QString title = m_supervisor->info(jobId).title;
    if (!title.isEmpty())
        m_titles.insert(jobId, title);
    return m_titles.value(jobId, tr("job %1").arg(jobId));
}

void LogDock::appendLine(const QString& source, const QString& message)
{
    const QString time = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
    m_view->appendPlainText(source.isEmpty() ? QStringLiteral("%1  %2").arg(time, message)
                                             : QStringLiteral("%1  %2: %3").arg(time, source, message));
}

void LogDock::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        setWindowTitle(tr("Log"));
    QDockWidget::changeEvent(event);
}

} // namespace lw::ui
