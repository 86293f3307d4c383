#include "ui/panels/train/run_progress_view.h"

#include "ui/panels/train/run_status_text.h"
#include "ui/panels/train/run_store_reader.h"
#include "ui/shell/worker_events.h"
#include "ui/widgets/number_text.h"

#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QUrl>

#include <algorithm>

namespace lw::ui {

namespace {

constexpr int kMaxSamples = 2000;

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
    m_samplesView->setMaximumBlockCount(kMaxSamples * 4);
    m_samplesView->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    // Small enough that a summary of several lines above it keeps its height.
    m_samplesView->setMinimumHeight(3 * m_samplesView->fontMetrics().lineSpacing());

    m_summary = new QFrame(this);
    m_summary->setObjectName(QStringLiteral("runSummary"));
    m_summary->setFrameShape(QFrame::StyledPanel);
    m_summaryText = new QLabel(m_summary);
    m_summaryText->setObjectName(QStringLiteral("runSummaryText"));
    m_summaryText->setWordWrap(true);
    m_summaryText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_openFolder = new QPushButton(m_summary);
    m_openFolder->setObjectName(QStringLiteral("openCheckpointFolder"));
    auto* summaryLayout = new QHBoxLayout(m_summary);
    summaryLayout->setContentsMargins(8, 6, 8, 6);
    summaryLayout->addWidget(m_summaryText, 1);
    summaryLayout->addWidget(m_openFolder, 0, Qt::AlignVCenter);
    m_summary->hide();
    connect(m_openFolder, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(m_summaryData.checkpointDir));
    });

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_title, 0, 0);
    grid->addWidget(m_status, 0, 1, Qt::AlignRight);
    grid->addWidget(m_progress, 1, 0, 1, 2);
    grid->addWidget(m_details, 2, 0, 1, 2);
    grid->addWidget(m_summary, 3, 0, 1, 2);
    grid->addWidget(m_samplesLabel, 4, 0, 1, 2);
    grid->addWidget(m_samplesView, 5, 0, 1, 2);
    grid->setRowStretch(5, 1);
    retranslate();
    clear();
}

void RunProgressView::setSamplesShown(bool shown)
{
    m_samplesLabel->setVisible(shown);
    m_samplesView->setVisible(shown);
}

void RunProgressView::clear()
{
    m_step = m_maxSteps = 0;
    m_eta = -1;
    m_tokensPerSecond = 0;
    m_worldSize = 1;
    m_sampleTexts.clear();
    m_samplesView->clear();
    m_runId = 0;
    m_runName.clear();
    m_progress->setValue(0);
    m_progress->setFormat(QString());
    m_title->clear();
    m_summary->hide();
    m_summaryData = RunSummary();
    setStatusText(QString());
    updateDetails();
}

void RunProgressView::setRun(qint64 runId, const QString& name)
{
    m_runId = runId;
    m_runName = name;
    m_title->setText(runId > 0 ? tr("Run #%1 · %2").arg(runId).arg(name) : QString());
}

void RunProgressView::setWorldSize(int worldSize)
{
    m_worldSize = std::max(1, worldSize);
    updateDetails();
}

void RunProgressView::setProgress(qint64 step, qint64 maxSteps, double etaSeconds, double tokensPerSecond)
{
    m_step = step;
    m_maxSteps = maxSteps;
    m_eta = etaSeconds;
    if (tokensPerSecond > 0)
        m_tokensPerSecond = tokensPerSecond;
    m_progress->setValue(maxSteps > 0 ? int(1000.0 * double(step) / double(maxSteps)) : 0);
    const QLocale locale;
    m_progress->setFormat(maxSteps > 0 ? QStringLiteral("%1 / %2").arg(locale.toString(step), locale.toString(maxSteps))
                                       : QString());
    updateDetails();
}

void RunProgressView::showStoredRun(const StoredRun& run)
{
    clear();
    setRun(run.runId, run.name);
    if (run.maxSteps > 0)
        setProgress(run.step, run.maxSteps, -1, 0);
    const QString prompt = run.config.value(QLatin1String("sample_prompt")).toString();
    for (const auto& [step, text] : run.samples)
        addSample(step, prompt, text);
    const bool finished = run.status == QLatin1String("completed") || run.status == QLatin1String("early_stopped");
    setStatus(run.status, finished ? QString() : run.errorMessage);
    if (!isLiveRunStatus(run.status))
        setEnded();
}

void RunProgressView::setEnded()
{
    m_eta = -1;
    m_tokensPerSecond = 0;
    updateDetails();
}

void RunProgressView::showSummary(const RunSummary& summary)
{
    m_summaryData = summary;
    m_summaryText->setText(runSummaryText(summary));
    m_openFolder->setEnabled(summary.error.isEmpty() && !summary.checkpointDir.isEmpty());
    m_openFolder->setToolTip(QDir::toNativeSeparators(summary.checkpointDir));
    m_summary->show();
    fitSummary();
}

void RunProgressView::fitSummary()
{
    // The splitter above sizes this view by its minimum, which knows nothing of word
    // wrapping: ask for the height the wrapped summary needs at the current width.
    if (!m_summary->isVisibleTo(this))
        return;
    const int height = m_summary->heightForWidth(width());
    if (height > 0 && height != m_summary->minimumHeight())
        m_summary->setMinimumHeight(height);
}

void RunProgressView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitSummary();
}

void RunProgressView::setStatus(const QString& key, const QString& reason)
{
    m_statusKey = key;
    m_statusReason = reason;
    showStatus();
}

void RunProgressView::showStatus()
{
    if (!m_statusKey.isEmpty())
        m_status->setText(m_statusReason.isEmpty() ? runStatusSentence(m_statusKey)
                                                   : runStatusSentence(m_statusKey) + QStringLiteral(": ") + m_statusReason);
}

void RunProgressView::setStatusText(const QString& text)
{
    m_statusKey.clear();
    m_statusReason.clear();
    m_status->setText(text);
}

void RunProgressView::addSample(qint64 step, const QString& prompt, const QString& text)
{
    const bool replacing = !m_sampleTexts.isEmpty() && step <= m_sampleTexts.last().step;
    while (!m_sampleTexts.isEmpty() && m_sampleTexts.last().step >= step)
        m_sampleTexts.removeLast();
    m_sampleTexts.append({step, prompt, text});
    if (m_sampleTexts.size() > kMaxSamples)
        m_sampleTexts.removeFirst();
    if (replacing) {
        rewriteSamples();
        return;
    }
    QScrollBar* bar = m_samplesView->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 4;
    appendSampleHtml(m_sampleTexts.last());
    if (atEnd)
        bar->setValue(bar->maximum());
}

void RunProgressView::appendSampleHtml(const Sample& sample)
{
    // The prompt in the placeholder colour, then what the model wrote after it.
    const QString faint = palette().color(QPalette::PlaceholderText).name();
    const QString prompt = sample.prompt.isEmpty()
        ? QStringLiteral("<i>%1</i><br>").arg(tr("(empty prompt: starts a new document)").toHtmlEscaped())
        : QStringLiteral("<span style=\"color:%1\">%2</span>").arg(faint, sample.prompt.toHtmlEscaped());
    QString text = sample.text.toHtmlEscaped();
    text.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    m_samplesView->appendHtml(QStringLiteral("<p><b>%1</b><br>%2%3</p>")
                                  .arg(tr("Step %1").arg(QLocale().toString(sample.step)).toHtmlEscaped(), prompt,
                                       text));
}

void RunProgressView::rewriteSamples()
{
    m_samplesView->clear();
    for (const Sample& sample : std::as_const(m_sampleTexts))
        appendSampleHtml(sample);
}

void RunProgressView::updateDetails()
{
    const QLocale locale;
    QStringList parts;
    if (m_maxSteps > 0)
        parts << tr("step %1 of %2").arg(locale.toString(m_step), locale.toString(m_maxSteps));
    const QString eta = formatEta(m_eta);
    if (!eta.isEmpty() && m_step < m_maxSteps)
        parts << tr("ETA %1").arg(eta);
    if (m_tokensPerSecond > 0)
        parts << tr("%1 tokens/s").arg(formatCount(m_tokensPerSecond));
    if (m_tokensPerSecond > 0 && m_worldSize > 1)
        parts << tr("%1 processes, %2 tokens/s each").arg(m_worldSize).arg(formatCount(m_tokensPerSecond / m_worldSize));
    m_details->setText(parts.join(QStringLiteral(" · ")));
}

void RunProgressView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::PaletteChange)
        rewriteSamples(); // the prompts' colour follows the theme
    QWidget::changeEvent(event);
}

void RunProgressView::retranslate()
{
    m_samplesLabel->setText(tr("Samples"));
    m_samplesView->setPlaceholderText(tr("Text the model writes during training appears here, after its prompt."));
    m_openFolder->setText(tr("Open folder"));
    setRun(m_runId, m_runName);
    showStatus();
    rewriteSamples();
    if (m_summary->isVisibleTo(this))
        m_summaryText->setText(runSummaryText(m_summaryData));
    fitSummary();
    updateDetails();
}

} // namespace lw::ui
