#pragma once
// Points waiting to reach the chart: events can come hundreds per second, and the chart
// takes them best in batches.
#include <QMap>
#include <QString>
#include <QVector>

namespace lw::ui {

struct MetricBatch {
    struct Points {
        QVector<double> steps;
        QVector<double> values;
    };
    QMap<QString, Points> pending;

    void add(const QString& metric, double step, double value)
    {
        Points& points = pending[metric];
        points.steps.append(step);
        points.values.append(value);
    }
    bool isEmpty() const { return pending.isEmpty(); }
    QMap<QString, Points> take()
    {
        QMap<QString, Points> out;
        out.swap(pending);
        return out;
    }
};

} // namespace lw::ui
