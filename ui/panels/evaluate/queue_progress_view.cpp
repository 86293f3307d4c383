#include "ui/panels/evaluate/queue_progress_view.h"

#include "ui/panels/evaluate/eval_queue.h"
#include "ui/shell/worker_events.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QVBoxLayout>

namespace lw::ui::evaluate {

namespace {

QString percent(double fraction)
{
    return QLocale().toString(100.0 * fraction, 'f', 0);
}

} // namespace

QueueProgressView::QueueProgressView(QWidget* parent)
    : QWidget(parent), m_jobLabel(new QLabel(this)), m_jobBar(new QProgressBar(this)),
      m_overallLabel(new QLabel(this)), m_overallBar(new QProgressBar(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_jobLabel);
    layout->addWidget(m_jobBar);
    layout->addWidget(m_overallLabel);
    layout->addWidget(m_overallBar);
    for (QProgressBar* bar : {m_jobBar, m_overallBar}) {
        bar->setRange(0, 1000);
        bar->hide(); // an empty bar says nothing while idle
    }
    m_jobLabel->setWordWrap(true);
    m_overallLabel->setWordWrap(true);
}

void QueueProgressView::setIdleText(const QString& text)
{
    m_idleText = text;
    if (!m_queue || !m_queue->isRunning()) {
        m_jobLabel->setText(text);
        m_overallLabel->clear();
    }
}

void QueueProgressView::setSummary(const QString& text)
{
    m_overallLabel->setText(text);
}

void QueueProgressView::follow(EvalQueue* queue)
{
    m_queue = queue;
    connect(queue, &EvalQueue::runningChanged, this, [this](bool running) {
        m_jobBar->setValue(0);
        m_overallBar->setValue(0);
        m_jobBar->setVisible(running);
        m_overallBar->setVisible(running);
        if (!running)
            m_jobLabel->setText(m_idleText);
    });
    connect(queue, &EvalQueue::jobStarted, this, [this](int index, int total, const QString& title) {
        m_jobLabel->setText(tr("Job %1 of %2: %3").arg(index + 1).arg(total).arg(title));
    });
    connect(queue, &EvalQueue::progress, this,
            [this](double jobFraction, double jobEta, double overallFraction, double overallEta,
                   const QString& message) {
                m_jobBar->setValue(int(1000 * jobFraction));
                m_overallBar->setValue(int(1000 * overallFraction));
                QString job =
                    tr("Job %1 of %2: %3 %").arg(m_queue->current() + 1).arg(m_queue->total()).arg(percent(jobFraction));
                if (jobEta >= 0)
                    job += tr(", %1 left").arg(formatEta(jobEta));
                if (!message.isEmpty())
                    job += QStringLiteral(" · ") + message;
                m_jobLabel->setText(job);
                QString overall = tr("All jobs: %1 %").arg(percent(overallFraction));
                if (overallEta >= 0)
                    overall += tr(", %1 left").arg(formatEta(overallEta));
                m_overallLabel->setText(overall);
            });
}

} // namespace lw::ui::evaluate
