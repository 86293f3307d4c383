#pragma once
// What the multi-process CLI tests share (runs are read with CliWorker, cli_worker.h): its
// losses by step, and the comparison of two loss curves within float rounding.
#include "cli_runner.h"
#include "cli_worker.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>

#include <cmath>
#include <functional>
#include <map>

namespace lw::test {

// step -> loss of a finished run's events.
inline std::map<int, double> lossesOf(const QList<QJsonObject>& events)
{
    std::map<int, double> losses;
    for (const auto& e : events)
        if (e["event"] == "step")
            losses[e["step"].toInt()] = e["loss"].toDouble();
    return losses;
}

inline QJsonObject runEvent(const QList<QJsonObject>& events, const QString& type)
{
    for (const auto& e : events)
        if (e["event"] == type)
            return e;
    return {};
}

inline bool closeLosses(const std::map<int, double>& a, const std::map<int, double>& b, int from, int to)
{
    for (int step = from; step <= to; ++step) {
        if (!a.count(step) || !b.count(step)) {
            qWarning("step %d is missing", step);
            return false;
        }
        // Float rounding: the two processes add the same terms in another order.
        const double tolerance = 2e-5 * std::max(1.0, std::abs(a.at(step)));
        if (std::abs(a.at(step) - b.at(step)) > tolerance) {
            qWarning("step %d: %.9f against %.9f", step, a.at(step), b.at(step));
            return false;
        }
    }
    return true;
}

// The last checkpoint of a tiny demo model without dropout, trained for 10 steps in
// `project` (empty when that failed).
inline QString trainTinyBase(const QString& project, int layers)
{
    CliWorker base({"train", "--project", project, "--demo", "--name", "base", "--max-steps", "10", "--n-layer",
                    QString::number(layers), "--n-head", "2", "--d-model", "32", "--d-ff", "64", "--context", "32",
                    "--dropout", "0", "--batch-size", "4", "--eval-every", "0", "--sample-every", "0",
                    "--checkpoint-every", "0", "--threads", "1", "--events"});
    if (base.finish(240000) != 0)
        return {};
    return runEvent(base.events(), "finished")["last_checkpoint"].toString();
}

} // namespace lw::test
