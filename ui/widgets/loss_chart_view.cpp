// LossChart: the view side. Theme from the palette, automatic ranges from the running
// extents, coalesced replots, the tooltip under the cursor, and PNG/SVG export.
#include "ui/widgets/loss_chart.h"

#include "ui/widgets/qcustomplot_include.h"
#include "ui/widgets/series_colors.h"

#include <QEvent>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QToolTip>

#include <cmath>

namespace lw::ui {

namespace {

constexpr double kLineWidth = 1.5;
constexpr int kFaintAlpha = 60;            // raw points under a smoothed curve
constexpr double kTooltipRadiusPx = 24.0;  // how close the cursor must be to a point
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
    QColor legendBackground = pal.color(QPalette::Base);
    legendBackground.setAlpha(220);
    m_plot->legend->setBrush(legendBackground);
    m_plot->legend->setBorderPen(QPen(pal.color(QPalette::Mid)));
    m_plot->legend->setTextColor(text);
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
    } else if (event->type() == QEvent::LanguageChange) {
        // The owner relabels the value axes it named; the step axis is this widget's own.
        m_plot->xAxis->setLabel(tr("Step"));
        scheduleReplot();
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
    if (m_autoRange)
        applyAutoRange();
    m_plot->replot(immediate ? QCustomPlot::rpImmediateRefresh : QCustomPlot::rpQueuedRefresh);
    Q_EMIT replotted();
}

void LossChart::showValueTooltip(QMouseEvent* event)
{
    if (event->buttons() != Qt::NoButton)
        return; // dragging
    const QPointF cursor = event->position();
    const double step = m_plot->xAxis->pixelToCoord(cursor.x());
    double bestDistance = kTooltipRadiusPx;
    QString text;
    for (const QString& key : std::as_const(m_order)) {
        const Series& series = m_series[key];
        const bool smoothing = smoothingOf(series) > 0;
        const QCPGraph* shown = smoothing ? series.smoothed : series.raw;
        const auto& data = *shown->data();
        if (data.isEmpty())
            continue;
        // The point at or just before the cursor's step, and the one after it.
        auto it = data.findBegin(step, true);
        for (auto candidate = it; candidate != data.constEnd() && candidate <= it + 1; ++candidate) {
            if (!std::isfinite(candidate->value))
                continue;
            const double dx = shown->keyAxis()->coordToPixel(candidate->key) - cursor.x();
            const double dy = shown->valueAxis()->coordToPixel(candidate->value) - cursor.y();
            const double distance = std::hypot(dx, dy);
            if (distance >= bestDistance)
                continue;
            bestDistance = distance;
            text = tr("%1\nstep %2: %3")
                       .arg(series.label)
                       .arg(candidate->key, 0, 'f', 0)
                       .arg(candidate->value, 0, 'g', 6);
            if (smoothing) {
                auto raw = series.raw->data()->findBegin(candidate->key, false);
                if (raw != series.raw->data()->constEnd() && raw->key == candidate->key)
                    text = tr("%1\nstep %2: %3 (smoothed %4)")
                               .arg(series.label)
                               .arg(candidate->key, 0, 'f', 0)
                               .arg(raw->value, 0, 'g', 6)
                               .arg(candidate->value, 0, 'g', 6);
            }
        }
    }
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

QSize LossChart::exportSize(int width, int height) const
{
    // A chart that was never shown has a placeholder size; export a readable default.
    const QSize current = m_plot->isVisible() ? m_plot->size() : kDefaultExportSize;
    return QSize(width > 0 ? width : current.width(), height > 0 ? height : current.height());
}

bool LossChart::savePng(const QString& path, int width, int height)
{
    if (m_autoRange)
        applyAutoRange();
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
    if (m_autoRange)
        applyAutoRange();
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
