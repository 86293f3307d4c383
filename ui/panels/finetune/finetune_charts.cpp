#include "ui/panels/finetune/finetune_charts.h"

#include "ui/panels/train/train_charts.h"
#include "ui/widgets/loss_chart.h"
#include "ui/widgets/qcustomplot_include.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace lw::ui::finetune {

namespace {

const QStringList kPreferenceMetrics = {
    QStringLiteral("rewards_chosen"),          QStringLiteral("rewards_rejected"),
    QStringLiteral("reward_margin"),           QStringLiteral("preference_accuracy"),
    QStringLiteral("val_rewards_chosen"),      QStringLiteral("val_rewards_rejected"),
    QStringLiteral("val_reward_margin"),       QStringLiteral("val_preference_accuracy")};
// A classifier's: the share of each step's rows it got right, and of the validation rows.
const QStringList kAccuracyMetrics = {QStringLiteral("accuracy"), QStringLiteral("val_accuracy")};

} // namespace

FinetuneCharts::FinetuneCharts(QWidget* parent) : QWidget(parent)
{
    m_train = new TrainCharts(this);
    m_preferenceBox = new QWidget(this);
    m_preference = new LossChart(m_preferenceBox);
    m_preference->setObjectName(QStringLiteral("preferenceChart"));
    m_preference->setMinimumHeight(140);
    m_accuracy = new LossChart(m_preferenceBox);
    m_accuracy->setObjectName(QStringLiteral("classificationAccuracyChart"));
    m_accuracy->setMinimumHeight(140);
    m_accuracy->hide();
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("preferenceHint"));
    m_hint->setWordWrap(true);
    m_hint->setFrameShape(QFrame::StyledPanel);
    m_hint->setMargin(8);
    m_hint->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_hint->hide();
    auto* preferenceLayout = new QVBoxLayout(m_preferenceBox);
    preferenceLayout->setContentsMargins(0, 0, 0, 0);
    preferenceLayout->addWidget(m_preference, 1);
    preferenceLayout->addWidget(m_accuracy, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_train);
    splitter->addWidget(m_preferenceBox);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    // Under the charts, full width: beside the rewards it would squeeze their legend.
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_hint);
    addPreferenceSeries();
    addAccuracySeries();
    retranslate();
    m_preferenceBox->hide();
}

void FinetuneCharts::addPreferenceSeries()
{
    using Axis = LossChart::Axis;
    m_preference->addSeries(QStringLiteral("rewards_chosen"), QString(), Axis::Left);
    m_preference->addSeries(QStringLiteral("rewards_rejected"), QString(), Axis::Left);
    m_preference->addSeries(QStringLiteral("reward_margin"), QString(), Axis::Left);
    m_preference->addSeries(QStringLiteral("preference_accuracy"), QString(), Axis::Right);
    m_preference->addSeries(QStringLiteral("val_reward_margin"), QString(), Axis::Left);
    m_preference->addSeries(QStringLiteral("val_preference_accuracy"), QString(), Axis::Right);
    // Measured every few steps: drawn as measured, dashed like the validation loss.
    for (const char* key : {"val_reward_margin", "val_preference_accuracy"}) {
        m_preference->setSeriesStyle(QLatin1String(key), Qt::DashLine, true);
        m_preference->setSeriesSmoothed(QLatin1String(key), false);
    }
}

void FinetuneCharts::addAccuracySeries()
{
    m_accuracy->addSeries(QStringLiteral("accuracy"), QString(), LossChart::Axis::Left);
    m_accuracy->addSeries(QStringLiteral("val_accuracy"), QString(), LossChart::Axis::Left);
    m_accuracy->setSeriesStyle(QStringLiteral("val_accuracy"), Qt::DashLine, true);
    m_accuracy->setSeriesSmoothed(QStringLiteral("val_accuracy"), false);
}

void FinetuneCharts::setObjective(const QString& objective, qint64 warmupSteps)
{
    m_objective = objective;
    m_warmup = warmupSteps;
    const bool classify = objective == QLatin1String("classify");
    const bool preference = objective != QLatin1String("sft") && !classify;
    m_preferenceBox->setVisible(preference || classify);
    m_preference->setVisible(preference);
    m_accuracy->setVisible(classify);
    // The rewards (or a classifier's accuracy) take the place of the gradient norm and
    // throughput, which matter less here than room for both loss and rewards.
    m_train->throughputChart()->setVisible(!preference && !classify);
    updateHint();
}

void FinetuneCharts::clear()
{
    m_train->clear();
    m_preference->clearSeries();
    addPreferenceSeries();
    m_accuracy->clearSeries();
    addAccuracySeries();
    retranslate();
    m_curves.clear();
    updateHint();
}

void FinetuneCharts::appendPoints(const QString& metric, const QVector<double>& steps, const QVector<double>& values)
{
    if (kPreferenceMetrics.contains(metric)) {
        if (m_preference->hasSeries(metric))
            m_preference->appendPoints(metric, steps, values);
    } else if (kAccuracyMetrics.contains(metric)) {
        m_accuracy->appendPoints(metric, steps, values);
    } else {
        m_train->appendPoints(metric, steps, values);
    }
    if (metric == QLatin1String("loss") || metric == QLatin1String("rewards_chosen")) {
        CurvePoints& curve = m_curves[metric];
        // A resumed run logs its steps again from its checkpoint: those replace ours.
        const double first = steps.isEmpty() ? 0 : steps.first();
        while (!curve.steps.isEmpty() && curve.steps.last() >= first) {
            curve.steps.removeLast();
            curve.values.removeLast();
        }
        curve.steps += steps;
        curve.values += values;
        updateHint();
    }
}

void FinetuneCharts::updateHint()
{
    m_hintKind = preferenceHintKind(m_objective, m_warmup, m_curves.value(QStringLiteral("loss")),
                                    m_curves.value(QStringLiteral("rewards_chosen")));
    m_hint->setText(preferenceHintText(m_hintKind));
    m_hint->setVisible(m_hintKind != PreferenceHintKind::None);
}

void FinetuneCharts::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void FinetuneCharts::retranslate()
{
    using Axis = LossChart::Axis;
    m_preference->addSeries(QStringLiteral("rewards_chosen"), tr("Chosen reward"), Axis::Left);
    m_preference->addSeries(QStringLiteral("rewards_rejected"), tr("Rejected reward"), Axis::Left);
    m_preference->addSeries(QStringLiteral("reward_margin"), tr("Margin"), Axis::Left);
    m_preference->addSeries(QStringLiteral("preference_accuracy"), tr("Accuracy"), Axis::Right);
    m_preference->addSeries(QStringLiteral("val_reward_margin"), tr("Validation margin"), Axis::Left);
    m_preference->addSeries(QStringLiteral("val_preference_accuracy"), tr("Validation accuracy"), Axis::Right);
    m_preference->setAxisLabel(Axis::Left, tr("Reward"));
    m_preference->setAxisLabel(Axis::Right, tr("Accuracy"));
    m_accuracy->addSeries(QStringLiteral("accuracy"), tr("Training accuracy"), Axis::Left);
    m_accuracy->addSeries(QStringLiteral("val_accuracy"), tr("Validation accuracy"), Axis::Left);
    m_accuracy->setAxisLabel(Axis::Left, tr("Accuracy"));
    for (LossChart* chart : {m_preference, m_accuracy}) {
        chart->plot()->xAxis->setLabel(tr("Step"));
        chart->replotNow();
    }
    m_hint->setText(preferenceHintText(m_hintKind));
}

} // namespace lw::ui::finetune
