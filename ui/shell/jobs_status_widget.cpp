#include "ui/shell/jobs_status_widget.h"

#include "ui/shell/job_supervisor.h"
#include "ui/shell/themed_icons.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace lw::ui {

JobsStatusWidget::JobsStatusWidget(JobSupervisor* supervisor, QWidget* parent)
    : QWidget(parent), m_supervisor(supervisor)
{
    setObjectName(QStringLiteral("jobsStatus"));
    m_layout = new QHBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(12);
    connect(supervisor, &JobSupervisor::jobStarted, this, &JobsStatusWidget::addRow);
    connect(supervisor, &JobSupervisor::jobProgress, this, &JobsStatusWidget::setProgress);
    connect(supervisor, &JobSupervisor::runStarted, this, [this](int jobId, const RunStartedEvent& e) {
        if (m_rows.contains(jobId))
            m_rows[jobId].title->setText(tr("Run #%1 · %2").arg(e.runId).arg(e.name));
    });
    connect(supervisor, &JobSupervisor::statusChanged, this, [this](int jobId, const QString& status, qint64) {
        if (m_rows.contains(jobId) && status == QLatin1String("paused"))
            m_rows[jobId].eta->setText(tr("paused"));
    });
    connect(supervisor, &JobSupervisor::jobEnded, this, [this](int jobId, const JobEnd&) { removeRow(jobId); });
    for (int jobId : supervisor->activeJobs())
        addRow(jobId);
}

void JobsStatusWidget::addRow(int jobId)
{
    if (m_rows.contains(jobId))
        return;
    Row row;
    row.widget = new QWidget(this);
    auto* layout = new QHBoxLayout(row.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    row.title = new QLabel(m_supervisor->info(jobId).title, row.widget);
    row.bar = new QProgressBar(row.widget);
    row.bar->setRange(0, 0); // busy until the first progress report
    row.bar->setMaximumWidth(120);
    row.bar->setMaximumHeight(14);
    row.bar->setTextVisible(false);
    row.eta = new QLabel(row.widget);
    row.cancel = new QToolButton(row.widget);
    row.cancel->setIcon(themedIcon(QStringLiteral(":/icons/cancel.svg")));
    row.cancel->setAutoRaise(true);
    row.cancel->setToolTip(tr("Cancel this job"));
    layout->addWidget(row.title);
    layout->addWidget(row.bar);
    layout->addWidget(row.eta);
    layout->addWidget(row.cancel);
    connect(row.cancel, &QToolButton::clicked, this, [this, jobId] {
        // Training cancels cleanly (and saves a checkpoint); other jobs just stop.
        if (m_supervisor->info(jobId).kind == JobKind::Train)
            m_supervisor->cancel(jobId);
        else
            m_supervisor->kill(jobId);
    });
    m_layout->addWidget(row.widget);
    m_rows.insert(jobId, row);
}

void JobsStatusWidget::removeRow(int jobId)
{
    auto it = m_rows.find(jobId);
    if (it == m_rows.end())
        return;
    it->widget->deleteLater();
    m_rows.erase(it);
}

void JobsStatusWidget::setProgress(int jobId, double fraction, double etaSeconds)
{
    auto it = m_rows.find(jobId);
    if (it == m_rows.end())
        return;
    if (fraction >= 0) {
        it->bar->setRange(0, 1000);
        it->bar->setValue(int(fraction * 1000));
    }
    const QString eta = formatEta(etaSeconds);
    it->eta->setText(eta.isEmpty() ? QString() : tr("%1 left").arg(eta));
}

void JobsStatusWidget::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void JobsStatusWidget::retranslate()
{
    for (const Row& row : std::as_const(m_rows))
        row.cancel->setToolTip(tr("Cancel this job"));
}

} // namespace lw::ui
