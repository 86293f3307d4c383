#include "ui/panels/finetune/check_report_view.h"

#include "ui/panels/finetune/classification_check_text.h"
#include "ui/shell/worker_events.h"
#include "ui/widgets/check_findings.h"
#include "ui/widgets/number_text.h"

#include <QEvent>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace lw::ui::finetune {

namespace {

qint64 count(const QJsonObject& o, const char* key)
{
    return qint64(o.value(QLatin1String(key)).toDouble());
}

// "0.8 s", "45 ms": time per step reads better than an ETA form for short times.
QString stepTime(double seconds)
{
    const QLocale locale;
    if (seconds < 1)
        return CheckReportView::tr("%1 ms").arg(locale.toString(seconds * 1000, 'f', 0));
    return CheckReportView::tr("%1 s").arg(locale.toString(seconds, 'f', 1));
}

} // namespace

CheckReportView::CheckReportView(QWidget* parent) : QWidget(parent)
{
    m_title = new QLabel(this);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
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
    layout->addWidget(m_title);
    layout->addWidget(m_figures);
    layout->addWidget(m_findings);
    render();
}

void CheckReportView::setReport(const QJsonObject& report)
{
    m_report = report;
    m_failure.clear();
    m_running = false;
    render();
}

void CheckReportView::setFailure(const QString& message)
{
    m_report = {};
    m_failure = message;
    m_running = false;
    render();
}

void CheckReportView::setRunning()
{
    m_running = true;
    render();
}

void CheckReportView::clear()
{
    m_report = {};
    m_failure.clear();
    m_running = false;
    render();
}

bool CheckReportView::blocking() const
{
    if (m_report.value(QLatin1String("blocking")).toBool())
        return true;
    for (const QJsonValue& f : m_report.value(QLatin1String("findings")).toArray())
        if (f.toObject().value(QLatin1String("severity")).toString() == QLatin1String("error"))
            return true;
    return false;
}

QString CheckReportView::blockingReason() const
{
    QStringList reasons;
    for (const QJsonValue& f : m_report.value(QLatin1String("findings")).toArray())
        if (f.toObject().value(QLatin1String("severity")).toString() == QLatin1String("error"))
            reasons.append(findingText(f.toObject(), m_report));
    if (reasons.isEmpty() && blocking())
        reasons.append(tr("The check found a problem that would make the fine-tune useless."));
    return reasons.join(QLatin1Char('\n'));
}

QStringList CheckReportView::findingTexts() const
{
    QStringList texts;
    for (const QJsonValue& value : m_report.value(QLatin1String("findings")).toArray()) {
        const QJsonObject f = value.toObject();
        const bool error = f.value(QLatin1String("severity")).toString() == QLatin1String("error");
        texts.append((error ? tr("Error: %1") : tr("Warning: %1")).arg(findingText(f, m_report)));
    }
    return texts;
}

QString CheckReportView::findingText(const QJsonObject& finding, const QJsonObject& report)
{
    if (isClassificationReport(report)) {
        const QString text = classificationFindingText(finding, report);
        if (!text.isNull())
            return text;
    }
    const QString code = finding.value(QLatin1String("code")).toString();
    const bool error = finding.value(QLatin1String("severity")).toString() == QLatin1String("error");
    if (code == QLatin1String("all_masked"))
        return tr("No token of any row gets a loss, so nothing would be learned. Are the answers empty, or cut off "
                  "by the context?");
    if (code == QLatin1String("rows_without_loss"))
        return tr("%n row(s) have no answer token left to learn from (empty or cut off); they teach nothing.", "",
                  int(count(report, "rows_without_loss")));
    if (code == QLatin1String("truncated"))
        return tr("%n row(s) are longer than the context; their ends are cut off.", "",
                  int(count(report, "truncated_rows")));
    if (code == QLatin1String("never_ends"))
        return tr("The answers do not end with an end-of-answer token: the fine-tuned model would not learn to "
                  "stop.");
    if (code == QLatin1String("identical_pairs"))
        return error ? tr("In every pair the chosen and the rejected answer are the same: there is no preference to "
                          "learn.")
                     : tr("%n pair(s) have the same chosen and rejected answer; they only add noise.", "",
                          int(count(report, "identical_pairs")));
    if (code == QLatin1String("learning_rate"))
        return tr("The learning rate is far from the usual range for this method and objective.");
    if (code == QLatin1String("tokenizer_mismatch"))
        return tr("The tokenizer has more tokens than the model knows: it is not this model's tokenizer.");
    if (code == QLatin1String("no_rows"))
        return tr("The dataset has no rows to train on.");
    return finding.value(QLatin1String("message")).toString();
}

void CheckReportView::render()
{
    m_title->setText(tr("Check"));
    if (m_running) {
        m_figures->setText(tr("Checking the data and timing a few steps…"));
        m_findings->clear();
        return;
    }
    if (!m_failure.isEmpty()) {
        m_figures->setText(tr("The check could not run: %1").arg(m_failure.toHtmlEscaped()));
        m_findings->clear();
        return;
    }
    if (m_report.isEmpty()) {
        m_figures->setText(tr("Check what the fine-tune will learn from and what it will cost before you start."));
        m_findings->clear();
        return;
    }
    const QJsonObject& r = m_report;
    const QJsonObject memory = r.value(QLatin1String("memory")).toObject();
    const qint64 trainable = count(r, "trainable_parameters");
    const qint64 total = count(r, "total_parameters");
    const QLocale locale;
    const QString share = total > 0 ? locale.toString(100.0 * double(trainable) / double(total), 'f',
                                                      trainable * 1000 < total ? 3 : 1)
                                    : QStringLiteral("?");
    const auto row = [](const QString& label, const QString& value) {
        return QStringLiteral("<tr><td>%1</td><td style='padding-left:12px'>%2</td></tr>")
            .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString html = QStringLiteral("<table cellspacing='1'>");
    if (isClassificationReport(r)) {
        // A class per text: rows by class instead of tokens with a loss.
        for (const auto& [label, value] : classificationDataRows(r))
            html += row(label, value);
    } else {
        html += row(tr("Rows"), tr("%1 for training, %2 for validation")
                                    .arg(locale.toString(count(r, "train_rows")),
                                         locale.toString(count(r, "val_rows"))));
        html += row(tr("Tokens"), tr("%1, of which %2 get a loss")
                                      .arg(formatCount(double(count(r, "tokens"))),
                                           formatCount(double(count(r, "loss_tokens")))));
    }
    // A check that stopped at a blocking data problem never loaded the model's parts or
    // timed a step: zeros would read as real costs, so the costs are left out.
    if (total > 0) {
        html += row(tr("Trainable parameters"),
                    tr("%1 of %2 (%3 %)").arg(formatCount(double(trainable)), formatCount(double(total)), share));
        html += row(tr("Memory"),
                    tr("%1: weights %2, gradients %3, optimizer %4, activations %5")
                        .arg(formatMemory(memory.value(QLatin1String("total")).toDouble()),
                             formatMemory(memory.value(QLatin1String("weights")).toDouble()),
                             formatMemory(memory.value(QLatin1String("gradients")).toDouble()),
                             formatMemory(memory.value(QLatin1String("optimizer")).toDouble()),
                             formatMemory(memory.value(QLatin1String("activations")).toDouble())));
        const QString totalTime = formatEta(r.value(QLatin1String("total_seconds")).toDouble());
        html += row(tr("Time"), tr("%1 per step, %2 for %3 steps")
                                    .arg(stepTime(r.value(QLatin1String("seconds_per_step")).toDouble()),
                                         totalTime.isEmpty() ? QStringLiteral("?") : totalTime,
                                         locale.toString(count(r, "max_steps"))));
        html += row(tr("Disk"), tr("%1 per checkpoint").arg(formatMemory(double(count(r, "checkpoint_bytes")))));
    }
    html += QStringLiteral("</table>");
    m_figures->setText(html);

    showCheckFindings(m_findings, r, [&r](const QJsonObject& f) { return findingText(f, r); });
}

void CheckReportView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        render();
    QWidget::changeEvent(event);
}

} // namespace lw::ui::finetune
