#include "ui/panels/data/stats_charts.h"

#include "ui/panels/data/data_json.h"
#include "ui/widgets/chart_style.h"
#include "ui/widgets/qcustomplot_include.h"

#include <algorithm>

namespace lw::ui::data {

namespace {

void setTitle(QCustomPlot* plot, const QString& title)
{
    if (plot->plotLayout()->rowCount() == 1) {
        plot->plotLayout()->insertRow(0);
        plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, QString()));
    }
    auto* element = qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0));
    if (element) {
        element->setText(title);
        element->setTextColor(plot->palette().color(QPalette::WindowText));
    }
}

QCPBars* freshBars(QCustomPlot* plot)
{
    plot->clearPlottables();
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setPen(Qt::NoPen);
    bars->setBrush(QColor(0x3b, 0x82, 0xc4));
    return bars;
}

} // namespace

void drawHistogram(QCustomPlot* plot, const Histogram& histogram, const QString& title, const QString& xLabel)
{
    styleChartAxes(plot);
    setTitle(plot, title);
    QCPBars* bars = freshBars(plot);
    plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    plot->xAxis->setLabel(xLabel);
    double top = 0;
    for (int i = 0; i < histogram.counts.size(); ++i) {
        const double left = histogram.edges.at(i), right = histogram.edges.at(i + 1);
        bars->addData((left + right) / 2, histogram.counts.at(i));
        bars->setWidth(right - left); // equal bins: the last one's width serves all
        top = std::max(top, histogram.counts.at(i));
    }
    if (!histogram.isEmpty())
        plot->xAxis->setRange(histogram.edges.first(), histogram.edges.last());
    plot->yAxis->setRange(0, top > 0 ? top * 1.1 : 1);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void drawBars(QCustomPlot* plot, const QStringList& labels, const QList<double>& values, const QString& title)
{
    styleChartAxes(plot);
    setTitle(plot, title);
    QCPBars* bars = freshBars(plot);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    double top = 0;
    for (int i = 0; i < labels.size() && i < values.size(); ++i) {
        bars->addData(i + 1, values.at(i));
        ticker->addTick(i + 1, labels.at(i));
        top = std::max(top, values.at(i));
    }
    bars->setWidth(0.6);
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setLabel(QString());
    plot->xAxis->setRange(0.3, std::max<qsizetype>(labels.size(), 1) + 0.7);
    plot->yAxis->setRange(0, top > 0 ? top * 1.1 : 1);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace lw::ui::data
