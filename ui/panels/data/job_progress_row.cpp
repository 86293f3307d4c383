#include "ui/panels/data/job_progress_row.h"

#include "ui/panels/data/data_job.h"
#include "ui/shell/worker_events.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace lw::ui::data {

JobProgressRow::JobProgressRow(DataJob* job, QWidget* parent)
    : QWidget(parent), m_job(job), m_bar(new QProgressBar(this)), m_label(new QLabel(this)),
      m_cancel(new QPushButton(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    m_bar->setMaximumWidth(260);
    m_label->setObjectName(QStringLiteral("jobProgressLabel"));
    m_cancel->setObjectName(QStringLiteral("cancelJob"));
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    layout->addWidget(m_bar);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_cancel);
    setVisible(false);
    connect(m_cancel, &QPushButton::clicked, m_job, &DataJob::cancel);
    connect(m_job, &DataJob::runningChanged, this, [this](bool running) {
        setVisible(running);
        m_bar->setValue(0);
        m_bar->setRange(0, 0); // busy until the first progress event
        m_label->setText(running ? tr("Starting…") : QString());
        m_cancel->setEnabled(running);
    });
    connect(m_job, &DataJob::progress, this, [this](double fraction, double eta, const QString& message) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(fraction * 1000));
        QString text = tr("%1 %").arg(int(fraction * 100));
        const QString etaText = formatEta(eta);
        if (!etaText.isEmpty())
            text += QStringLiteral(" · ") + tr("%1 left").arg(etaText);
        if (!message.isEmpty())
            text += QStringLiteral(" · ") + message;
        m_label->setText(text);
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_label->setText(tr("Cancelling…"));
    });
    retranslateUi();
}

void JobProgressRow::retranslateUi()
{
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the job (Esc); nothing it made so far is kept"));
}

void JobProgressRow::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

} // namespace lw::ui::data
