// LossChart: series, points and smoothing. The view side (theme, ranges, replots,
// tooltips, export) is in loss_chart_view.cpp.
#include "ui/widgets/loss_chart.h"

#include "ui/widgets/axis_tickers.h"
#include "ui/widgets/series_colors.h"

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lw::ui {

namespace {

constexpr int kReplotIntervalMs = 33; // about 30 replots per second at most
constexpr double kMaxSmoothing = 0.99;

double lastKeyOf(const QCPGraph* graph)
{
    const auto& data = *graph->data();
    return data.isEmpty() ? std::numeric_limits<double>::quiet_NaN() : (data.constEnd() - 1)->key;
}

} // namespace

LossChart::LossChart(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    // Fast polylines draw segment by segment (no path stroking of 100k-point polylines);
    // with adaptive sampling a replot costs about the plot's width in pixels, not the
    // number of points.
    m_plot->setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    QCPAxisRect* rect = m_plot->axisRect();
    rect->setRangeDragAxes({m_plot->xAxis}, {m_plot->yAxis, m_plot->yAxis2});
    rect->setRangeZoomAxes({m_plot->xAxis}, {m_plot->yAxis, m_plot->yAxis2});
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis, m_plot->yAxis2})
        axis->setTicker(QSharedPointer<QCPAxisTicker>(new UniformTicker));
    m_plot->xAxis->setLabel(tr("Step"));
    m_plot->yAxis->setLabel(tr("Loss"));
    m_plot->yAxis2->setVisible(false);
    // The legend goes in a row of its own above the plot: it can never hide a curve.
    rect->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001);
    m_plot->plotLayout()->setRowSpacing(0);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setColumnSpacing(18);
    m_plot->legend->setRowSpacing(0);
    m_plot->legend->setMargins(QMargins(8, 4, 8, 0));
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setVisible(false); // until there is a series

    m_hoverLine = new QCPItemStraightLine(m_plot);
    m_hoverLine->setClipToAxisRect(true);
    m_hoverLine->setSelectable(false);
    m_hoverLine->setVisible(false);
    m_plot->installEventFilter(this); // the cursor leaving the plot ends the hover

    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis, m_plot->yAxis2})
        connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
            &LossChart::onUserRangeChange);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] { resetView(); });
    connect(m_plot, &QCustomPlot::mouseMove, this, &LossChart::showValueTooltip);
    m_plot->setMouseTracking(true); // hover, not only drags, reaches the tooltip

    m_replotTimer.setSingleShot(true);
    m_replotTimer.setInterval(kReplotIntervalMs);
    connect(&m_replotTimer, &QTimer::timeout, this, [this] { render(false); });

    setMinimumSize(240, 160);
    applyTheme();
}

LossChart::~LossChart() = default;

QCustomPlot* LossChart::plot()
{
    return m_plot;
}

void LossChart::setAxisLabel(Axis axis, const QString& label)
{
    (axis == Axis::Left ? m_plot->yAxis : m_plot->yAxis2)->setLabel(label);
    scheduleReplot();
}

LossChart::Series* LossChart::find(const QString& key)
{
    auto it = m_series.find(key);
    return it == m_series.end() ? nullptr : &it.value();
}

const LossChart::Series* LossChart::find(const QString& key) const
{
    auto it = m_series.constFind(key);
    return it == m_series.constEnd() ? nullptr : &it.value();
}

void LossChart::addSeries(const QString& key, const QString& label, Axis axis, const QColor& color)
{
    QCPAxis* valueAxis = axis == Axis::Left ? m_plot->yAxis : m_plot->yAxis2;
    Series* series = find(key);
    if (!series) {
        Series created;
        created.raw = m_plot->addGraph(m_plot->xAxis, valueAxis);
        created.smoothed = m_plot->addGraph(m_plot->xAxis, valueAxis);
        for (QCPGraph* graph : {created.raw, created.smoothed}) {
            graph->setAdaptiveSampling(true);
            graph->setSelectable(QCP::stNone);
            graph->removeFromLegend();
        }
        created.average = ExponentialMovingAverage(m_smoothing); // smoothable by default
        m_series.insert(key, created);
        m_order.append(key);
        series = find(key);
    } else {
        series->raw->setValueAxis(valueAxis);
        series->smoothed->setValueAxis(valueAxis);
    }
    series->label = label;
    series->axis = axis;
    if (color.isValid()) {
        series->color = color;
        series->paletteIndex = -1;
    } else if (!series->color.isValid()) {
        series->paletteIndex = m_nextColor++;
        series->color = seriesColor(series->paletteIndex, palette());
    }
    applySeriesLook(*series);
    updateAxesAndLegend();
    scheduleReplot();
}

void LossChart::removeSeries(const QString& key)
{
    Series* series = find(key);
    if (!series)
        return;
    m_plot->removeGraph(series->raw);
    m_plot->removeGraph(series->smoothed);
    m_series.remove(key);
    m_order.removeOne(key);
    updateAxesAndLegend();
    scheduleReplot();
}

void LossChart::clearSeries()
{
    for (const QString& key : std::as_const(m_order)) {
        m_plot->removeGraph(m_series[key].raw);
        m_plot->removeGraph(m_series[key].smoothed);
    }
    m_series.clear();
    m_order.clear();
    m_nextColor = 0;
    m_autoRange = true;
    updateAxesAndLegend();
    scheduleReplot();
}

bool LossChart::hasSeries(const QString& key) const
{
    return m_series.contains(key);
}

QStringList LossChart::seriesKeys() const
{
    return m_order;
}

int LossChart::pointCount(const QString& key) const
{
    const Series* series = find(key);
    return series ? series->raw->dataCount() : 0;
}

double LossChart::lastStep(const QString& key) const
{
    const Series* series = find(key);
    return series ? lastKeyOf(series->raw) : std::numeric_limits<double>::quiet_NaN();
}

QCPGraph* LossChart::rawGraph(const QString& key) const
{
    const Series* series = find(key);
    return series ? series->raw : nullptr;
}

QCPGraph* LossChart::smoothedGraph(const QString& key) const
{
    const Series* series = find(key);
    return series ? series->smoothed : nullptr;
}

void LossChart::appendOne(Series& series, double step, double value)
{
    const double last = lastKeyOf(series.raw);
    if (!std::isnan(last) && step <= last)
        truncateFrom(series, step);
    series.raw->addData(step, value);
    series.extent.add(step, value);
    if (smoothingOf(series) > 0)
        if (auto smoothed = series.average.add(value))
            series.smoothed->addData(step, *smoothed);
}

void LossChart::appendPoint(const QString& key, double step, double value)
{
    Series* series = find(key);
    if (!series)
        return;
    appendOne(*series, step, value);
    scheduleReplot();
}

void LossChart::appendPoints(const QString& key, const QVector<double>& steps, const QVector<double>& values)
{
    Series* series = find(key);
    const int n = std::min(steps.size(), values.size());
    if (!series || n == 0)
        return;
    const double last = lastKeyOf(series->raw);
    bool increasing = true;
    for (int i = 1; i < n && increasing; ++i)
        increasing = steps[i] > steps[i - 1];
    if (!increasing || (!std::isnan(last) && steps.first() <= last)) {
        // Rare (a resumed run logging again): the point-wise path handles replacement.
        for (int i = 0; i < n; ++i)
            appendOne(*series, steps[i], values[i]);
        scheduleReplot();
        return;
    }
    // One bulk append per graph: the containers grow geometrically, never re-copied.
    QVector<QCPGraphData> raw(n);
    QVector<QCPGraphData> smoothed;
    const bool smoothing = smoothingOf(*series) > 0;
    if (smoothing)
        smoothed.reserve(n);
    for (int i = 0; i < n; ++i) {
        raw[i] = QCPGraphData(steps[i], values[i]);
        series->extent.add(steps[i], values[i]);
        if (smoothing)
            if (auto average = series->average.add(values[i]))
                smoothed.append(QCPGraphData(steps[i], *average));
    }
    series->raw->data()->add(raw, true);
    if (!smoothed.isEmpty())
        series->smoothed->data()->add(smoothed, true);
    scheduleReplot();
}

void LossChart::truncateFrom(Series& series, double step)
{
    const double before = std::nextafter(step, -std::numeric_limits<double>::infinity());
    series.raw->data()->removeAfter(before); // removes keys > before, i.e. >= step
    series.smoothed->data()->removeAfter(before);
    rebuildSummaries(series);
}

void LossChart::rebuildSummaries(Series& series)
{
    series.extent = SeriesExtent();
    series.average = ExponentialMovingAverage(smoothingOf(series));
    for (const QCPGraphData& point : *series.raw->data()) {
        series.extent.add(point.key, point.value);
        series.average.add(point.value);
    }
}

void LossChart::setSeriesStyle(const QString& key, Qt::PenStyle style, bool markers)
{
    Series* series = find(key);
    if (!series)
        return;
    series->style = style;
    series->markers = markers;
    applySeriesLook(*series);
    scheduleReplot();
}

void LossChart::rebuildSmoothed(Series& series)
{
    const double factor = smoothingOf(series);
    series.average = ExponentialMovingAverage(factor);
    QVector<QCPGraphData> smoothed;
    if (factor > 0) {
        smoothed.reserve(series.raw->dataCount());
        for (const QCPGraphData& point : *series.raw->data())
            if (auto average = series.average.add(point.value))
                smoothed.append(QCPGraphData(point.key, *average));
    }
    series.smoothed->data()->set(smoothed, true);
}

void LossChart::setSeriesSmoothed(const QString& key, bool smoothed)
{
    Series* series = find(key);
    if (!series || series->smoothable == smoothed)
        return;
    series->smoothable = smoothed;
    rebuildSmoothed(*series);
    applySeriesLook(*series);
    updateAxesAndLegend();
    scheduleReplot();
}

double LossChart::smoothing() const
{
    return m_smoothing;
}

void LossChart::setSmoothing(double factor)
{
    factor = std::clamp(std::isfinite(factor) ? factor : 0.0, 0.0, kMaxSmoothing);
    if (factor == m_smoothing)
        return;
    m_smoothing = factor;
    for (const QString& key : std::as_const(m_order)) {
        Series& series = m_series[key];
        rebuildSmoothed(series);
        applySeriesLook(series);
    }
    updateAxesAndLegend();
    scheduleReplot();
}

bool LossChart::logScale() const
{
    return m_logScale;
}

void LossChart::setLogScale(bool on)
{
    if (on == m_logScale)
        return;
    m_logScale = on;
    m_settingRange = true; // switching the scale sanitises the range: not a user zoom
    if (on) {
        m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new ReadableLogTicker));
    } else {
        m_plot->yAxis->setScaleType(QCPAxis::stLinear);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new UniformTicker));
    }
    m_settingRange = false;
    m_autoRange = true; // a range zoomed on the other scale means little on this one
    scheduleReplot();
}

} // namespace lw::ui
