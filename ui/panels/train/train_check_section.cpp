#include "ui/panels/train/train_check_section.h"

#include "ui/shell/worker_events.h"
#include "ui/widgets/check_findings.h"
#include "ui/widgets/number_text.h"

#include <QCoreApplication>
#include <QEvent>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

qint64 count(const QJsonObject& o, const char* key)
{
    return qint64(o.value(QLatin1String(key)).toDouble());
}

} // namespace

TrainCheckSection::TrainCheckSection(JobSupervisor* supervisor, QWidget* parent)
    : QWidget(parent), m_supervisor(supervisor)
{
    m_button = new QPushButton(this);
    m_button->setObjectName(QStringLiteral("checkTraining"));
    m_figures = new QLabel(this);
    m_figures->setObjectName(QStringLiteral("checkFigures"));
    m_figures->setWordWrap(true);
    m_figures->setTextFormat(Qt::RichText);
    m_findings = new QLabel(this);
    m_findings->setObjectName(QStringLiteral("checkFindings"));
    m_findings->setWordWrap(true);
    m_findings->setTextFormat(Qt::RichText);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_figures);
    layout->addWidget(m_findings);
    connect(m_supervisor, &JobSupervisor::otherEventReported, this,
            [this](int jobId, const QString& type, const QJsonObject& event) {
                if (jobId != m_job || type != QLatin1String("check"))
                    return;
                m_reported = true;
                m_report = event;
                render();
            });
    connect(m_supervisor, &JobSupervisor::jobEnded, this, &TrainCheckSection::onJobEnded);
    render();
}

void TrainCheckSection::check(const NewRunOptions& options)
{
    if (m_job)
        return;
    QString error;
    const JobSpec spec = trainCheckJob(options, &error);
    m_report = {};
    m_failure = error;
    m_reported = false;
    if (!spec.arguments.isEmpty())
        m_job = m_supervisor->start(spec);
    render();
    Q_EMIT stateChanged();
}

void TrainCheckSection::clear()
{
    if (m_report.isEmpty() && m_failure.isEmpty() && m_job == 0)
        return;
    if (m_job) {
        // A check still running answers the old setup: stop it and forget its id, so
        // its report and end, if they still come, are not taken for the new setup's.
        m_supervisor->terminate(m_job);
        m_job = 0;
        m_reported = false;
    }
    m_report = {};
    m_failure.clear();
    render();
    Q_EMIT stateChanged();
}

void TrainCheckSection::onJobEnded(int jobId, const JobEnd& end)
{
    if (jobId != m_job)
        return;
    m_job = 0;
    // A blocking report exits 1, yet it is the answer: only a check without one failed.
    if (!m_reported)
        m_failure = end.message.isEmpty() ? tr("the worker ended without a report") : end.message;
    render();
    Q_EMIT stateChanged();
    Q_EMIT checkFinished();
}

QString TrainCheckSection::blockingReason() const
{
    QStringList reasons;
    for (const QJsonValue& f : m_report.value(QLatin1String("findings")).toArray())
        if (isErrorFinding(f.toObject()))
            reasons.append(findingText(f.toObject(), m_report));
    return reasons.join(QLatin1Char('\n'));
}

QStringList TrainCheckSection::findingTexts() const
{
    QStringList texts;
    for (const QJsonValue& value : m_report.value(QLatin1String("findings")).toArray())
        texts.append((isErrorFinding(value.toObject()) ? tr("Error: %1") : tr("Warning: %1"))
                         .arg(findingText(value.toObject(), m_report)));
    return texts;
}

QString TrainCheckSection::findingText(const QJsonObject& finding, const QJsonObject& report)
{
    const QString code = finding.value(QLatin1String("code")).toString();
    const QLocale locale;
    const QString context = locale.toString(count(report, "context"));
    if (code == QLatin1String("vocabulary_too_small"))
        return tr("The dataset's tokenizer has %1 tokens, more than the model's vocabulary of %2: raise the "
                  "vocabulary size.")
            .arg(locale.toString(count(report, "dataset_vocabulary")), locale.toString(count(report, "model_vocabulary")));
    if (code == QLatin1String("vocabulary_unused"))
        return tr("The model's vocabulary of %1 is much larger than the tokenizer's %2 tokens: the extra embedding "
                  "rows never train.")
            .arg(locale.toString(count(report, "model_vocabulary")), locale.toString(count(report, "dataset_vocabulary")));
    if (code == QLatin1String("dataset_too_small"))
        return tr("The training split has %1 tokens, fewer than one sequence of %2: add text or lower the context.")
            .arg(locale.toString(count(report, "train_tokens")), context);
    if (code == QLatin1String("fewer_sequences_than_batch"))
        return tr("The dataset holds fewer sequences than one batch: every batch repeats them.");
    if (code == QLatin1String("many_epochs"))
        return tr("The run passes over the data %1 times: the model will memorise it. Add text or train fewer steps.")
            .arg(locale.toString(report.value(QLatin1String("epochs")).toDouble(), 'f', 0));
    if (code == QLatin1String("less_than_one_epoch"))
        return tr("The run sees only %1 % of the training tokens; more steps would use all of them.")
            .arg(locale.toString(100 * report.value(QLatin1String("epochs")).toDouble(), 'f', 0));
    if (code == QLatin1String("context_longer_than_documents"))
        return tr("The context of %1 tokens is much longer than the documents: most sequences join several of them.")
            .arg(context);
    if (code == QLatin1String("learning_rate"))
        return tr("The learning rate is far from the usual range for a model of this size.");
    if (code == QLatin1String("warmup_longer_than_run"))
        return tr("The warm-up is longer than the run: the learning rate never reaches its peak.");
    if (code == QLatin1String("checkpoint_interval"))
        return tr("The checkpoint interval is longer than the run: only the final checkpoint is written.");
    return finding.value(QLatin1String("message")).toString();
}

void TrainCheckSection::render()
{
    m_button->setText(tr("Check"));
    m_button->setToolTip(tr("Look at the dataset, the settings, and the memory, time and disk this run needs, "
                            "without starting it (llmwb train --check)"));
    m_button->setEnabled(m_job == 0);
    setVisible(m_job != 0 || !m_failure.isEmpty() || !m_report.isEmpty());
    if (m_job) {
        m_figures->setText(tr("Checking the dataset and timing a few steps…"));
        m_findings->clear();
        return;
    }
    if (!m_failure.isEmpty()) {
        m_figures->setText(tr("The check could not run: %1").arg(m_failure.toHtmlEscaped()));
        m_findings->clear();
        return;
    }
    if (m_report.isEmpty())
        return;
    const QJsonObject& r = m_report;
    const QLocale locale;
    const QJsonObject memory = r.value(QLatin1String("memory")).toObject();
    const auto row = [](const QString& label, const QString& value) {
        return QStringLiteral("<tr><td>%1</td><td style='padding-left:12px'>%2</td></tr>")
            .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString html = QStringLiteral("<table cellspacing='1'>");
    html += row(tr("Dataset"), tr("%1 tokens for training, %2 for validation, %3 documents")
                                   .arg(formatCount(double(count(r, "train_tokens"))),
                                        formatCount(double(count(r, "val_tokens"))),
                                        locale.toString(count(r, "documents"))));
    html += row(tr("Run"), tr("%1 steps of %2 tokens, %3 passes over the data")
                               .arg(locale.toString(count(r, "max_steps")),
                                    locale.toString(count(r, "tokens_per_step")),
                                    locale.toString(r.value(QLatin1String("epochs")).toDouble(), 'f', 2)));
    html += row(tr("Memory"), tr("%1: weights %2, gradients %3, optimizer %4, activations %5")
                                  .arg(formatMemory(memory.value(QLatin1String("total")).toDouble()),
                                       formatMemory(memory.value(QLatin1String("weights")).toDouble()),
                                       formatMemory(memory.value(QLatin1String("gradients")).toDouble()),
                                       formatMemory(memory.value(QLatin1String("optimizer")).toDouble()),
                                       formatMemory(memory.value(QLatin1String("activations")).toDouble())));
    const double perStep = r.value(QLatin1String("seconds_per_step")).toDouble();
    const QString total = formatEta(r.value(QLatin1String("total_seconds")).toDouble());
    html += row(tr("Time"), perStep > 0 ? tr("%1 s per step, %2 in all")
                                              .arg(locale.toString(perStep, 'f', 2), total.isEmpty() ? QStringLiteral("?") : total)
                                        : tr("not timed: the errors below stop the run"));
    html += row(tr("Disk"), tr("%1 for the checkpoints kept").arg(formatMemory(double(count(r, "checkpoint_bytes")))));
    html += QStringLiteral("</table>");
    m_figures->setText(html);
    showCheckFindings(m_findings, r, [&r](const QJsonObject& f) { return findingText(f, r); });
}

void TrainCheckSection::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        render();
    QWidget::changeEvent(event);
}

} // namespace lw::ui
