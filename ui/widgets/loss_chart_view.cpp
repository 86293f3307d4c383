// LossChart: the view side. Theme from the palette, the legend's columns, automatic
// ranges from the running extents, coalesced replots, and PNG/SVG export. Hovering is in
// loss_chart_hover.cpp.
#include "ui/widgets/loss_chart.h"

#include "ui/widgets/qcustomplot_include.h"
#include "ui/widgets/series_colors.h"

#include <QEvent>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace lw::ui {

namespace {

constexpr double kLineWidth = 1.5;
constexpr int kFaintAlpha = 60;            // raw points under a smoothed curve
constexpr double kPadding = 0.05;          // fraction of the span added above and below
const QSize kDefaultExportSize(1200, 700); // when a never-shown chart is exported

void setValueRange(QCPAxis* axis, const SeriesExtent& extent, bool logarithmic)
{
    if (extent.isEmpty())
        return;
    if (logarithmic) {
        if (!std::isfinite(extent.minPositive))
            return; // nothing a logarithmic axis can show
        const double lower = extent.minPositive;
        const double upper = std::max(extent.valueMax, lower);
        const double factor = upper > lower ? std::pow(upper / lower, kPadding) : 2.0;
        axis->setRange(lower / factor, upper * factor);
        return;
    }
    const double span = extent.valueMax - extent.valueMin;
    const double pad = span > 0 ? span * kPadding : std::max(std::abs(extent.valueMax) * 0.1, 1e-3);
    axis->setRange(extent.valueMin - pad, extent.valueMax + pad);
}

} // namespace

void LossChart::applySeriesLook(Series& series)
{
    const bool smoothing = smoothingOf(series) > 0;
    QPen pen(series.color, kLineWidth, series.style);
    QColor faint = series.color;
    faint.setAlpha(kFaintAlpha);
    series.raw->setPen(smoothing ? QPen(faint, 1.0, series.style) : pen);
    // A faint backdrop of thousands of segments looks the same without antialiasing,
    // at a fraction of the drawing time.
    series.raw->setAntialiased(!smoothing);
    series.smoothed->setPen(pen);
    series.smoothed->setVisible(smoothing);
    series.raw->setName(series.label);
    series.smoothed->setName(series.label);

    const QCPScatterStyle none(QCPScatterStyle::ssNone);
    const QCPScatterStyle dot(QCPScatterStyle::ssCircle, QPen(series.color, 1.2),
        palette().brush(QPalette::Base), 5);
    series.raw->setScatterStyle(series.markers && !smoothing ? dot : none);
    series.smoothed->setScatterStyle(series.markers && smoothing ? dot : none);
}

void LossChart::updateAxesAndLegend()
{
    bool anyRight = false;
    m_plot->legend->clearItems();
    for (const QString& key : std::as_const(m_order)) {
        const Series& series = m_series[key];
        anyRight = anyRight || series.axis == Axis::Right;
        (smoothingOf(series) > 0 ? series.smoothed : series.raw)->addToLegend();
    }
    m_plot->yAxis2->setVisible(anyRight);
    m_plot->legend->setVisible(!m_order.isEmpty());
    updateLegendColumns();
}

void LossChart::updateLegendColumns()
{
    // As many columns as the widest entry allows: the legend wraps onto more rows
    // instead of being cut off or squeezing the plot sideways.
    QCPLegend* legend = m_plot->legend;
    int widest = 1;
    for (int i = 0; i < legend->itemCount(); ++i)
        if (QCPAbstractLegendItem* item = legend->item(i))
            widest = std::max(widest, item->minimumOuterSizeHint().width());
    const int available = std::max(1, width() - legend->margins().left() - legend->margins().right());
    const int columns = std::max(1, (available + legend->columnSpacing()) / (widest + legend->columnSpacing()));
    if (legend->wrap() != columns) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true); // re-flow the entries
    }
}

void LossChart::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    updateLegendColumns();
}

void LossChart::applyTheme()
{
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);
    m_plot->setBackground(pal.brush(QPalette::Base));
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis, m_plot->xAxis2, m_plot->yAxis2}) {
        axis->setBasePen(QPen(text, 1));
        axis->setTickPen(QPen(text, 1));
        axis->setSubTickPen(QPen(text, 1));
        axis->setLabelColor(text);
        axis->setTickLabelColor(text);
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
        axis->grid()->setZeroLinePen(Qt::NoPen);
    }
    m_plot->legend->setTextColor(text);
    QColor cursor = text;
    cursor.setAlpha(110);
    m_hoverLine->setPen(QPen(cursor, 1));
    for (const QString& key : std::as_const(m_order)) {
        Series& series = m_series[key];
        if (series.paletteIndex >= 0)
            series.color = seriesColor(series.paletteIndex, pal);
        applySeriesLook(series);
    }
}

void LossChart::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        applyTheme();
        scheduleReplot();
    } else if (event->type() == QEvent::LanguageChange || event->type() == QEvent::LocaleChange) {
        // The owner relabels the value axes it named; the step axis is this widget's own.
        m_plot->xAxis->setLabel(tr("Step"));
        scheduleReplot(); // the tick labels follow the language's number format there
    }
}

void LossChart::applyAutoRange()
{
    SeriesExtent all, left, right;
    for (const Series& series : std::as_const(m_series)) {
        all.merge(series.extent);
        (series.axis == Axis::Left ? left : right).merge(series.extent);
    }
    if (all.isEmpty())
        return;
    m_settingRange = true;
    const double pad = all.keyMax > all.keyMin ? 0.0 : 1.0;
    m_plot->xAxis->setRange(all.keyMin - pad, all.keyMax + pad);
    setValueRange(m_plot->yAxis, left, m_logScale);
    setValueRange(m_plot->yAxis2, right, false);
    m_settingRange = false;
}

void LossChart::onUserRangeChange()
{
    if (!m_settingRange)
        m_autoRange = false; // the user dragged or zoomed: keep their view
}

void LossChart::resetView()
{
    m_autoRange = true;
    render(false);
}

void LossChart::prepareDrawing()
{
    if (m_autoRange)
        applyAutoRange();
    if (m_plot->locale() != QLocale())
        m_plot->setLocale(QLocale()); // the UI language's digits, for the tick labels
}

void LossChart::scheduleReplot()
{
    if (!m_replotTimer.isActive())
        m_replotTimer.start();
}

void LossChart::replotNow()
{
    render(true);
}

void LossChart::render(bool immediate)
{
    m_replotTimer.stop();
    prepareDrawing();
    m_plot->replot(immediate ? QCustomPlot::rpImmediateRefresh : QCustomPlot::rpQueuedRefresh);
    Q_EMIT replotted();
}

QSize LossChart::exportSize(int width, int height) const
{
    // A chart that was never shown has a placeholder size; export a readable default.
    const QSize current = m_plot->isVisible() ? m_plot->size() : kDefaultExportSize;
    return QSize(width > 0 ? width : current.width(), height > 0 ? height : current.height());
}

bool LossChart::savePng(const QString& path, int width, int height)
{
    prepareDrawing();
    const QSize size = exportSize(width, height);
    const QPixmap pixmap = m_plot->toPixmap(size.width(), size.height());
    if (pixmap.isNull())
        return false;
    QSaveFile file(path); // the old file stays whole until the new one is complete
    if (!file.open(QIODevice::WriteOnly))
        return false;
    if (!pixmap.save(&file, "PNG")) {
        file.cancelWriting();
        return false;
    }
    return file.commit();
}

bool LossChart::saveSvg(const QString& path)
{
    prepareDrawing();
    const QSize size = exportSize(0, 0);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(tr("Training curves"));
    generator.setDescription(tr("Exported from LLM Workbench"));
    QCPPainter painter;
    if (!painter.begin(&generator)) {
        file.cancelWriting();
        return false;
    }
    // Vector output: no cached pixmaps, exact polylines.
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    m_plot->toPainter(&painter, size.width(), size.height());
    painter.end();
    return file.commit();
}

} // namespace lw::ui
