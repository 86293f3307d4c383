#include "ui/panels/data/job_progress_row.h"

#include "ui/panels/data/data_job.h"
#include "ui/shell/worker_events.h"

#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
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
    connect(m_job, &DataJob::progress, this, [this](const ProgressEvent& e, double eta) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(e.fraction * 1000));
        m_label->setText(progressText(e, eta));
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_label->setText(tr("Cancelling…"));
    });
    retranslateUi();
}

QString JobProgressRow::progressText(const ProgressEvent& e, double etaSeconds)
{
    const QLocale locale;
    QStringList parts{tr("%1 %").arg(int(e.fraction * 100))};
    const QString etaText = formatEta(etaSeconds);
    if (!etaText.isEmpty())
        parts << tr("%1 left").arg(etaText);
    if (e.rows >= 0 && e.rejected >= 0)
        parts << tr("%1 rows, %2 rejected").arg(locale.toString(e.rows), locale.toString(e.rejected));
    else if (e.rows >= 0)
        parts << tr("%1 rows").arg(locale.toString(e.rows));
    // An import names the file it reads; its folder would only crowd the row.
    if (!e.message.isEmpty())
        parts << (e.stage == QLatin1String("importing") ? QFileInfo(e.message).fileName() : e.message);
    return parts.join(QStringLiteral(" · "));
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
