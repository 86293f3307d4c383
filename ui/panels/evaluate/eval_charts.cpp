#include "ui/panels/evaluate/eval_charts.h"

#include "ui/panels/evaluate/eval_scores.h"
#include "ui/widgets/chart_style.h"
#include "ui/widgets/qcustomplot_include.h"
#include "ui/widgets/series_colors.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace lw::ui::evaluate {

namespace {

// A graph of points with error bars of one standard error; returns the y range drawn.
QCPRange addPoints(QCustomPlot* plot, const QList<std::pair<double, MainScore>>& points, bool line)
{
    const QColor colour = seriesColor(0, plot->palette());
    auto* graph = plot->addGraph();
    graph->setLineStyle(line ? QCPGraph::lsLine : QCPGraph::lsNone);
    graph->setPen(QPen(colour, 2));
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 8));
    auto* errors = new QCPErrorBars(plot->xAxis, plot->yAxis);
    errors->setDataPlottable(graph);
    errors->setPen(QPen(colour, 1.5));
    QVector<double> xs, ys, es;
    double low = INFINITY, high = -INFINITY;
    for (const auto& [x, score] : points) {
        if (std::isnan(score.value))
            continue;
        const double e = std::isnan(score.standardError) ? 0 : score.standardError;
        xs.append(x);
        ys.append(score.value);
        es.append(e);
        low = std::min(low, score.value - e);
        high = std::max(high, score.value + e);
    }
    graph->setData(xs, ys, true);
    errors->setData(es);
    if (xs.isEmpty())
        return QCPRange(0, 1);
    const double pad = high > low ? (high - low) * 0.15 : std::max(std::abs(high) * 0.1, 0.05);
    return QCPRange(low - pad, high + pad);
}

QString axisLabel(const QList<StoredEvaluation>& evaluations)
{
    if (evaluations.isEmpty())
        return {};
    const QString task = evaluations.first().task;
    return QStringLiteral("%1 (%2)").arg(taskTitle(task), mainScore(task, evaluations.first().summary).name);
}

} // namespace

void drawScores(QCustomPlot* plot, const QList<StoredEvaluation>& evaluations)
{
    plot->clearPlottables();
    styleChartAxes(plot);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    QList<std::pair<double, MainScore>> points;
    for (int i = 0; i < evaluations.size(); ++i) {
        const StoredEvaluation& e = evaluations.at(i);
        points.append({i + 1.0, mainScore(e.task, e.summary)});
        ticker->addTick(i + 1.0, QStringLiteral("%1\n#%2").arg(e.label).arg(e.id));
    }
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setLabel(QString());
    plot->xAxis->setRange(0.5, evaluations.size() + 0.5);
    plot->yAxis->setLabel(axisLabel(evaluations));
    plot->yAxis->setRange(addPoints(plot, points, false));
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void drawScoreBySteps(QCustomPlot* plot, const QList<StoredEvaluation>& evaluations)
{
    plot->clearPlottables();
    styleChartAxes(plot);
    QList<StoredEvaluation> sorted;
    for (const StoredEvaluation& e : evaluations)
        if (e.step >= 0)
            sorted.append(e);
    std::sort(sorted.begin(), sorted.end(),
              [](const StoredEvaluation& a, const StoredEvaluation& b) { return a.step < b.step; });
    QList<std::pair<double, MainScore>> points;
    for (const StoredEvaluation& e : sorted)
        points.append({double(e.step), mainScore(e.task, e.summary)});
    plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    plot->xAxis->setLabel(QCoreApplication::translate("lw::ui::evaluate::EvalCharts", "training step"));
    if (sorted.isEmpty())
        plot->xAxis->setRange(0, 1);
    else
        plot->xAxis->setRange(sorted.first().step - 1.0, sorted.last().step + 1.0);
    plot->yAxis->setLabel(axisLabel(sorted));
    plot->yAxis->setRange(addPoints(plot, points, true));
    plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace lw::ui::evaluate
