#include "ui/panels/train/run_progress_view.h"

#include "ui/panels/train/model_shape_editor.h"
#include "ui/shell/worker_events.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QScrollBar>

namespace lw::ui {

namespace {

constexpr int kMaxSampleBlocks = 2000;

} // namespace

RunProgressView::RunProgressView(QWidget* parent) : QWidget(parent)
{
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("runTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("runStatus"));
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("runDetails"));
    m_samplesLabel = new QLabel(this);
    m_samplesView = new QPlainTextEdit(this);
    m_samplesView->setObjectName(QStringLiteral("samples"));
    m_samplesView->setReadOnly(true);
    m_samplesView->setMaximumBlockCount(kMaxSampleBlocks);
    m_samplesView->setLineWrapMode(QPlainTextEdit::WidgetWidth);

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_title, 0, 0);
    grid->addWidget(m_status, 0, 1, Qt::AlignRight);
    grid->addWidget(m_progress, 1, 0, 1, 2);
    grid->addWidget(m_details, 2, 0, 1, 2);
    grid->addWidget(m_samplesLabel, 3, 0, 1, 2);
    grid->addWidget(m_samplesView, 4, 0, 1, 2);
    grid->setRowStretch(4, 1);
    retranslate();
    clear();
}

void RunProgressView::clear()
{
    m_step = m_maxSteps = 0;
    m_eta = -1;
    m_tokensPerSecond = 0;
    m_samples = 0;
    m_sampleTexts.clear();
    m_samplesView->clear();
    m_runId = 0;
    m_runName.clear();
    m_progress->setValue(0);
    m_progress->setFormat(QString());
    m_title->clear();
    setStatusText(QString());
    updateDetails();
}

void RunProgressView::setRun(qint64 runId, const QString& name)
{
    m_runId = runId;
    m_runName = name;
    m_title->setText(runId > 0 ? tr("Run #%1 · %2").arg(runId).arg(name) : QString());
}

void RunProgressView::setProgress(qint64 step, qint64 maxSteps, double etaSeconds, double tokensPerSecond)
{
    m_step = step;
    m_maxSteps = maxSteps;
    m_eta = etaSeconds;
    m_tokensPerSecond = tokensPerSecond;
    m_progress->setValue(maxSteps > 0 ? int(1000.0 * double(step) / double(maxSteps)) : 0);
    m_progress->setFormat(maxSteps > 0 ? QStringLiteral("%1 / %2").arg(step).arg(maxSteps) : QString());
    updateDetails();
}

void RunProgressView::setStatusText(const QString& text)
{
    m_statusText = text;
    m_status->setText(text);
}

void RunProgressView::addSample(qint64 step, const QString& text)
{
    ++m_samples;
    m_sampleTexts.append({step, text});
    if (m_sampleTexts.size() > kMaxSampleBlocks)
        m_sampleTexts.removeFirst();
    QScrollBar* bar = m_samplesView->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 4;
    appendSampleHtml(step, text);
    if (atEnd)
        bar->setValue(bar->maximum());
}

void RunProgressView::appendSampleHtml(qint64 step, const QString& text)
{
    m_samplesView->appendHtml(QStringLiteral("<p><b>%1</b><br>%2</p>")
                                  .arg(tr("Step %1").arg(step).toHtmlEscaped(),
                                       text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"))));
}

void RunProgressView::updateDetails()
{
    QStringList parts;
    if (m_maxSteps > 0)
        parts << tr("step %1 of %2").arg(m_step).arg(m_maxSteps);
    const QString eta = formatEta(m_eta);
    if (!eta.isEmpty() && m_step < m_maxSteps)
        parts << tr("ETA %1").arg(eta);
    if (m_tokensPerSecond > 0)
        parts << tr("%1 tokens/s").arg(formatCount(m_tokensPerSecond));
    m_details->setText(parts.join(QStringLiteral(" · ")));
}

void RunProgressView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void RunProgressView::retranslate()
{
    m_samplesLabel->setText(tr("Samples"));
    m_samplesView->setPlaceholderText(tr("Text the model writes during training appears here."));
    setRun(m_runId, m_runName);
    m_samplesView->clear();
    for (const auto& [step, text] : std::as_const(m_sampleTexts))
        appendSampleHtml(step, text);
    updateDetails();
}

} // namespace lw::ui
