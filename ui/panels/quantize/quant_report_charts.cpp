#include "ui/panels/quantize/quant_report_charts.h"

#include "ui/widgets/chart_style.h"
#include "ui/widgets/qcustomplot_include.h"
#include "ui/widgets/series_colors.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace lw::ui::quantize {

namespace {

QString chartText(const char* text)
{
    return QCoreApplication::translate("lw::ui::quantize::QuantReportCharts", text);
}

QCPRange padded(double low, double high)
{
    if (!(high > low))
        return QCPRange(low - std::max(std::abs(low) * 0.1, 0.5), high + std::max(std::abs(high) * 0.1, 0.5));
    const double pad = (high - low) * 0.15;
    return QCPRange(low - pad, high + pad);
}

void reset(QCustomPlot* plot)
{
    plot->clearGraphs();
    plot->clearPlottables();
    plot->clearItems();
    styleChartAxes(plot);
}

// The original is often the largest model and sits in the top right corner, where an
// inset legend would hide it: the legend goes in a row of its own under the axes.
void placeLegendBelowAxes(QCustomPlot* plot)
{
    if (plot->legend->layout() == plot->plotLayout())
        return;
    plot->plotLayout()->addElement(1, 0, plot->legend);
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->plotLayout()->setRowStretchFactor(1, 0.001); // as tall as its entries
}

} // namespace

void drawSizeAgainstPerplexity(QCustomPlot* plot, const QList<QuantReportFigures>& reports)
{
    reset(plot);
    struct Point {
        double megabytes, perplexity;
        QString label;
        bool reference;
    };
    QList<Point> points;
    QStringList referencesDrawn;
    for (const QuantReportFigures& r : reports) {
        if (!std::isnan(r.bytesOnDisk) && !std::isnan(r.perplexity))
            points.append({r.bytesOnDisk / 1e6, r.perplexity, r.model, false});
        if (!referencesDrawn.contains(r.reference) && !std::isnan(r.referenceBytesOnDisk) &&
            !std::isnan(r.referencePerplexity)) {
            referencesDrawn.append(r.reference);
            points.append({r.referenceBytesOnDisk / 1e6, r.referencePerplexity, r.reference, true});
        }
    }
    const QColor quantized = seriesColor(0, plot->palette());
    const QColor original = seriesColor(1, plot->palette());
    for (const bool reference : {false, true}) {
        QCPGraph* graph = plot->addGraph();
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(QCPScatterStyle(reference ? QCPScatterStyle::ssDiamond : QCPScatterStyle::ssDisc,
                                               reference ? original : quantized, 9));
        graph->setName(reference ? chartText("original") : chartText("quantized or pruned"));
        for (const Point& p : points)
            if (p.reference == reference)
                graph->addData(p.megabytes, p.perplexity);
    }
    double xLow = INFINITY, xHigh = -INFINITY, yLow = INFINITY, yHigh = -INFINITY;
    for (const Point& p : points) {
        xLow = std::min(xLow, p.megabytes);
        xHigh = std::max(xHigh, p.megabytes);
        yLow = std::min(yLow, p.perplexity);
        yHigh = std::max(yHigh, p.perplexity);
    }
    for (const Point& p : points) {
        // Points in the right half are labelled on their left, so the name stays inside.
        const bool right = xHigh > xLow && p.megabytes > (xLow + xHigh) / 2;
        auto* label = new QCPItemText(plot);
        label->position->setCoords(p.megabytes, p.perplexity);
        label->setPositionAlignment((right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom);
        label->setText(right ? p.label + QStringLiteral(" ") : QStringLiteral(" ") + p.label);
        label->setColor(plot->palette().color(QPalette::WindowText));
    }
    plot->xAxis->setLabel(chartText("size on disk (MB)"));
    plot->yAxis->setLabel(chartText("perplexity (lower is better)"));
    if (points.isEmpty()) {
        plot->xAxis->setRange(0, 1);
        plot->yAxis->setRange(0, 1);
    } else {
        plot->xAxis->setRange(padded(xLow, xHigh));
        plot->yAxis->setRange(padded(yLow, yHigh));
    }
    placeLegendBelowAxes(plot);
    plot->legend->setVisible(!points.isEmpty());
    plot->replot();
}

void drawMatrixErrors(QCustomPlot* plot, const QJsonArray& rows, const QString& title)
{
    reset(plot);
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setPen(Qt::NoPen);
    bars->setBrush(seriesColor(0, plot->palette()));
    bars->setWidth(0.8);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    double high = 0;
    int index = 0;
    const int labelEvery = std::max<int>(1, int(rows.size()) / 24); // names stay readable
    for (const QJsonValue& value : rows) {
        const QJsonObject row = value.toObject();
        const double error = row.value(QLatin1String("relative_error")).toDouble(qQNaN());
        if (std::isnan(error))
            continue;
        bars->addData(index, error);
        if (index % labelEvery == 0)
            ticker->addTick(index, row.value(QLatin1String("name")).toString());
        high = std::max(high, error);
        ++index;
    }
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setTickLabelRotation(60);
    plot->xAxis->setLabel(title);
    plot->yAxis->setLabel(chartText("relative error ‖Wq − W‖ / ‖W‖"));
    plot->xAxis->setRange(-1, std::max(index, 1));
    plot->yAxis->setRange(0, high > 0 ? high * 1.15 : 1);
    plot->legend->setVisible(false);
    plot->replot();
}

} // namespace lw::ui::quantize
