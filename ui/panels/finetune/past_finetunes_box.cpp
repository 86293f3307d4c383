#include "ui/panels/finetune/past_finetunes_box.h"

#include "ui/panels/finetune/finetune_field_texts.h"
#include "ui/panels/train/run_status_text.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPushButton>

namespace lw::ui::finetune {

namespace {

QString valueText(const QJsonValue& value)
{
    if (value.isBool())
        return value.toBool() ? PastFinetunesBox::tr("on") : PastFinetunesBox::tr("off");
    if (value.isDouble())
        return QLocale().toString(value.toDouble(), 'g', 6);
    if (value.isArray()) {
        QStringList items;
        for (const QJsonValue& item : value.toArray())
            items.append(valueText(item));
        return items.join(QLatin1Char(','));
    }
    return value.toString();
}

} // namespace

PastFinetunesBox::PastFinetunesBox(QWidget* parent) : QWidget(parent)
{
    m_title = new QLabel(this);
    m_combo = new QComboBox(this);
    m_combo->setObjectName(QStringLiteral("pastFinetunes"));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_combo->setMinimumContentsLength(24);
    m_resume = new QPushButton(this);
    m_resume->setObjectName(QStringLiteral("resumePastFinetune"));
    m_resume->setEnabled(false);
    m_settings = new QLabel(this);
    m_settings->setObjectName(QStringLiteral("pastFinetuneSettings"));
    m_settings->setWordWrap(true);
    m_settings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title, 0, 0);
    layout->addWidget(m_combo, 0, 1);
    layout->addWidget(m_resume, 0, 2);
    layout->addWidget(m_settings, 1, 0, 1, 3);
    layout->setColumnStretch(1, 1);

    connect(m_combo, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        if (const qint64 runId = runIdAt(index); runId > 0)
            Q_EMIT runPicked(runId);
    });
    connect(m_resume, &QPushButton::clicked, this, [this] {
        if (m_shown > 0)
            Q_EMIT resumeRequested(m_shown);
    });
    retranslate();
}

QString PastFinetunesBox::entryText(const FinetuneRunEntry& run)
{
    return QStringLiteral("#%1 %2 · %3 · %4 · %5")
        .arg(run.id)
        .arg(run.name, methodShortName(run.method), objectiveShortName(run.objective), runStatusSentence(run.status));
}

void PastFinetunesBox::setRuns(const QList<FinetuneRunEntry>& runs)
{
    m_runs = runs;
    fill();
}

void PastFinetunesBox::setShownRun(qint64 runId)
{
    m_shown = runId;
    const QSignalBlocker quiet(m_combo);
    m_combo->setCurrentIndex(m_combo->findData(runId));
    if (runId == 0) {
        m_shownConfig = {};
        m_settings->clear();
        m_resume->setEnabled(false);
    }
}

void PastFinetunesBox::setRunConfig(const QJsonObject& config)
{
    m_shownConfig = config;
    const QJsonObject settings = config.value(QLatin1String("finetune")).toObject();
    // The line names what tells fine-tunes apart; the tooltip has every setting.
    QStringList all;
    for (auto it = settings.constBegin(); it != settings.constEnd(); ++it) {
        const QString value = valueText(it.value());
        if (!value.isEmpty())
            all.append(QStringLiteral("%1: %2").arg(finetuneFieldLabel(it.key()), value));
    }
    const bool adapter = settings.value(QLatin1String("method")).toString() != QLatin1String("full");
    const QString objective = settings.value(QLatin1String("objective")).toString(QStringLiteral("sft"));
    const bool classify = objective == QLatin1String("classify");
    const bool preference = objective != QLatin1String("sft") && !classify;
    QStringList keys = {QStringLiteral("base"), QStringLiteral("dataset")};
    if (adapter)
        keys << QStringLiteral("lora_rank") << QStringLiteral("lora_alpha");
    if (preference)
        keys << QStringLiteral("beta");
    if (classify) // a classifier has no beta: what it trained is the head and these blocks
        keys << QStringLiteral("trainable_blocks");
    QStringList shown;
    for (const QString& key : keys)
        if (settings.contains(key))
            shown.append(QStringLiteral("%1: %2").arg(finetuneFieldLabel(key), valueText(settings.value(key))));
    if (config.contains(QLatin1String("learning_rate")))
        shown.append(tr("Learning rate: %1").arg(valueText(config.value(QLatin1String("learning_rate")))));
    if (config.contains(QLatin1String("max_steps")))
        shown.append(tr("Steps: %1").arg(valueText(config.value(QLatin1String("max_steps")))));
    m_settings->setText(shown.join(QStringLiteral(" · ")));
    m_settings->setToolTip(all.join(QLatin1Char('\n')));
}

void PastFinetunesBox::setResumeEnabled(bool enabled)
{
    m_resume->setEnabled(enabled);
}

void PastFinetunesBox::setPickingEnabled(bool enabled)
{
    m_pickingEnabled = enabled;
    m_combo->setEnabled(enabled && !m_runs.isEmpty());
}

int PastFinetunesBox::runCount() const
{
    return int(m_runs.size());
}

qint64 PastFinetunesBox::runIdAt(int index) const
{
    return m_combo->itemData(index).toLongLong();
}

void PastFinetunesBox::fill()
{
    const QSignalBlocker quiet(m_combo);
    m_combo->clear();
    if (m_runs.isEmpty())
        m_combo->addItem(tr("No fine-tunes in this project yet"), qint64(0));
    for (const FinetuneRunEntry& run : m_runs)
        m_combo->addItem(entryText(run), run.id);
    m_combo->setEnabled(m_pickingEnabled && !m_runs.isEmpty());
    const int shown = m_combo->findData(m_shown);
    // A run being followed may not be listed yet: then no entry is picked.
    m_combo->setCurrentIndex(m_runs.isEmpty() ? 0 : shown);
}

void PastFinetunesBox::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void PastFinetunesBox::retranslate()
{
    m_title->setText(tr("Fine-tunes:"));
    m_resume->setText(tr("Resume"));
    m_resume->setToolTip(tr("Continue this interrupted fine-tune from its last checkpoint"));
    m_combo->setToolTip(tr("The project's fine-tunes, newest first: pick one to see its settings, curves and "
                           "answers"));
    fill();
    if (!m_shownConfig.isEmpty())
        setRunConfig(m_shownConfig);
}

} // namespace lw::ui::finetune
