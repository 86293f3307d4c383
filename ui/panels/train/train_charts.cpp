#include "ui/panels/train/train_charts.h"

#include "ui/widgets/check_box_contrast.h"

#include "ui/widgets/loss_chart.h"
#include "ui/widgets/qcustomplot_include.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSlider>
#include <QSplitter>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

constexpr int kSmoothingSteps = 99; // slider 0..99 -> factor 0..0.99
constexpr int kDefaultSmoothing = 60;

} // namespace

TrainCharts::TrainCharts(QWidget* parent) : QWidget(parent)
{
    m_loss = new LossChart(this);
    m_loss->setObjectName(QStringLiteral("lossChart"));
    m_throughput = new LossChart(this);
    m_throughput->setObjectName(QStringLiteral("throughputChart"));
    m_logScale = new QCheckBox(this);
    m_logScale->setObjectName(QStringLiteral("logScale"));
    keepCheckBoxReadable(m_logScale);
    m_smoothing = new QSlider(Qt::Horizontal, this);
    m_smoothing->setObjectName(QStringLiteral("smoothing"));
    m_smoothing->setRange(0, kSmoothingSteps);
    m_smoothing->setMaximumWidth(200);
    m_smoothingLabel = new QLabel(this);
    m_smoothingValue = new QLabel(this);
    m_smoothingValue->setMinimumWidth(32);

    auto* options = new QHBoxLayout;
    options->addWidget(m_logScale);
    options->addSpacing(16);
    options->addWidget(m_smoothingLabel);
    options->addWidget(m_smoothing);
    options->addWidget(m_smoothingValue);
    options->addStretch();

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_loss);
    splitter->addWidget(m_throughput);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(options);
    layout->addWidget(splitter, 1);

    connect(m_logScale, &QCheckBox::toggled, m_loss, &LossChart::setLogScale);
    connect(m_smoothing, &QSlider::valueChanged, this, [this](int value) {
        m_loss->setSmoothing(double(value) / 100.0);
        m_throughput->setSmoothing(double(value) / 100.0);
        m_smoothingValue->setText(QLocale().toString(double(value) / 100.0, 'f', 2));
    });
    m_smoothing->setValue(kDefaultSmoothing);
    addSeries();
    retranslate();
}

void TrainCharts::addSeries()
{
    // Labels are set (and reset on a language change) by retranslate().
    m_loss->addSeries(QStringLiteral("loss"), QString(), LossChart::Axis::Left);
    m_loss->addSeries(QStringLiteral("val_loss"), QString(), LossChart::Axis::Left);
    m_loss->setSeriesStyle(QStringLiteral("val_loss"), Qt::DashLine, true);
    // Solid on purpose: QCustomPlot strokes dotted lines segment by segment, which
    // takes seconds per replot once a run has 100k noisy points.
    m_loss->addSeries(QStringLiteral("lr"), QString(), LossChart::Axis::Right);
    // Smoothing is for the dense, noisy per-step curves. An evaluation every few hundred
    // steps, smoothed, would show a value the run never measured (and a made-up gap to
    // the training loss); the learning rate follows its schedule exactly.
    m_loss->setSeriesSmoothed(QStringLiteral("val_loss"), false);
    m_loss->setSeriesSmoothed(QStringLiteral("lr"), false);
    m_throughput->addSeries(QStringLiteral("grad_norm"), QString(), LossChart::Axis::Left);
    m_throughput->addSeries(QStringLiteral("tokens_per_s"), QString(), LossChart::Axis::Right);
}

void TrainCharts::clear()
{
    m_loss->clearSeries();
    m_throughput->clearSeries();
    addSeries();
    retranslate();
}

void TrainCharts::appendPoints(const QString& metric, const QVector<double>& steps, const QVector<double>& values)
{
    LossChart* chart = m_loss->hasSeries(metric) ? m_loss : m_throughput;
    chart->appendPoints(metric, steps, values);
}

void TrainCharts::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TrainCharts::retranslate()
{
    m_loss->addSeries(QStringLiteral("loss"), tr("Training loss"), LossChart::Axis::Left);
    m_loss->addSeries(QStringLiteral("val_loss"), tr("Validation loss"), LossChart::Axis::Left);
    m_loss->addSeries(QStringLiteral("lr"), tr("Learning rate"), LossChart::Axis::Right);
    m_loss->setAxisLabel(LossChart::Axis::Left, tr("Loss"));
    m_loss->setAxisLabel(LossChart::Axis::Right, tr("Learning rate"));
    m_throughput->addSeries(QStringLiteral("grad_norm"), tr("Gradient norm"), LossChart::Axis::Left);
    m_throughput->addSeries(QStringLiteral("tokens_per_s"), tr("Tokens/s"), LossChart::Axis::Right);
    m_throughput->setAxisLabel(LossChart::Axis::Left, tr("Gradient norm"));
    m_throughput->setAxisLabel(LossChart::Axis::Right, tr("Tokens/s"));
    // The chart names its step axis once, when made; a language change renames it here.
    for (LossChart* chart : {m_loss, m_throughput}) {
        chart->plot()->xAxis->setLabel(tr("Step"));
        chart->replotNow();
    }
    m_logScale->setText(tr("Log scale"));
    m_logScale->setToolTip(tr("Show the loss on a logarithmic axis"));
    m_smoothingLabel->setText(tr("Smoothing"));
    m_smoothingValue->setText(QLocale().toString(double(m_smoothing->value()) / 100.0, 'f', 2));
    m_smoothing->setToolTip(tr("Exponential moving average of the per-step curves (the raw points stay faint "
                               "behind); validation loss and learning rate are drawn as measured"));
}

} // namespace lw::ui
