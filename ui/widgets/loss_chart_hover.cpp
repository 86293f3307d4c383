// LossChart: hovering. The cursor's step snaps to the nearest step any series has a
// point at; a faint vertical line marks it, and the tooltip lists every series' value
// there in the number format of its axis, so the reading matches the tick labels.
#include "ui/widgets/loss_chart.h"

#include "ui/widgets/axis_tickers.h"

#include <QEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QToolTip>

#include <cmath>
#include <limits>

namespace lw::ui {

namespace {

// The last point at or before `step` (end() when there is none).
QCPGraphDataContainer::const_iterator pointAtOrBefore(const QCPGraphDataContainer& data, double step)
{
    auto after = data.findEnd(step, false); // the first point with a key > step
    if (after == data.constBegin())
        return data.constEnd();
    return after - 1;
}

bool sameStep(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a));
}

} // namespace

QString LossChart::formatForAxis(Axis axis, double value) const
{
    const QCPAxis* valueAxis = axis == Axis::Left ? m_plot->yAxis : m_plot->yAxis2;
    const auto* ticker = dynamic_cast<const UniformTicker*>(valueAxis->ticker().data());
    return formatAxisValue(value, ticker ? ticker->labelFormat() : AxisNumberFormat(), QLocale());
}

double LossChart::snappedStep(double step) const
{
    double best = std::numeric_limits<double>::quiet_NaN();
    for (const Series& series : m_series) {
        const auto& data = *series.raw->data();
        if (data.isEmpty())
            continue;
        auto it = data.findBegin(step, false); // the first point with a key >= step
        for (auto candidate : {it, it == data.constBegin() ? data.constEnd() : it - 1}) {
            if (candidate == data.constEnd())
                continue;
            if (std::isnan(best) || std::abs(candidate->key - step) < std::abs(best - step))
                best = candidate->key;
        }
    }
    return best;
}

QString LossChart::valuesText(double step) const
{
    const QLocale locale;
    QString rows;
    for (const QString& key : m_order) {
        const Series& series = m_series[key];
        const auto& raw = *series.raw->data();
        const auto point = pointAtOrBefore(raw, step);
        if (point == raw.constEnd())
            continue;
        QStringList notes;
        if (smoothingOf(series) > 0) {
            const auto& smoothed = *series.smoothed->data();
            const auto average = pointAtOrBefore(smoothed, point->key);
            if (average != smoothed.constEnd() && sameStep(average->key, point->key))
                notes << tr("smoothed %1").arg(formatForAxis(series.axis, average->value));
        }
        if (!sameStep(point->key, step))
            notes << tr("at step %1").arg(locale.toString(qint64(std::llround(point->key))));
        rows += QStringLiteral("<tr><td style=\"white-space:pre\"><span style=\"color:%1\">&#9632;</span> %2</td>"
                               "<td align=\"right\" style=\"white-space:pre\">  <b>%3</b></td>"
                               "<td style=\"white-space:pre\"> %4</td></tr>")
                    .arg(series.color.name(), series.label.toHtmlEscaped(),
                        formatForAxis(series.axis, point->value).toHtmlEscaped(),
                        notes.isEmpty() ? QString() : QStringLiteral("(%1)").arg(notes.join(QStringLiteral(", "))).toHtmlEscaped());
    }
    if (rows.isEmpty())
        return QString();
    return QStringLiteral("<b>%1</b><table cellspacing=\"0\" cellpadding=\"1\">%2</table>")
        .arg(tr("Step %1").arg(locale.toString(qint64(std::llround(step)))).toHtmlEscaped(), rows);
}

void LossChart::showValueTooltip(QMouseEvent* event)
{
    if (event->buttons() != Qt::NoButton)
        return; // dragging
    const QPointF cursor = event->position();
    if (!m_plot->axisRect()->rect().contains(cursor.toPoint())) {
        hideHover();
        return;
    }
    const double step = snappedStep(m_plot->xAxis->pixelToCoord(cursor.x()));
    const QString text = std::isnan(step) ? QString() : valuesText(step);
    if (text.isEmpty()) {
        hideHover();
        return;
    }
    const bool moved = !m_hoverLine->visible() || !sameStep(m_hoverLine->point1->key(), step);
    // Two points of the vertical line, both positive: valid on a logarithmic axis too.
    m_hoverLine->point1->setCoords(step, 1);
    m_hoverLine->point2->setCoords(step, 2);
    m_hoverLine->setVisible(true);
    if (moved)
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    QToolTip::showText(event->globalPosition().toPoint() + QPoint(16, 8), text, m_plot);
}

void LossChart::hideHover()
{
    QToolTip::hideText();
    if (m_hoverLine->visible()) {
        m_hoverLine->setVisible(false);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

bool LossChart::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot && event->type() == QEvent::Leave)
        hideHover();
    return QWidget::eventFilter(watched, event);
}

} // namespace lw::ui
