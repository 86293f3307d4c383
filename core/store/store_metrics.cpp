// Metrics (the training curves) and sample generations.
#include "core/store/store.h"

#include "core/store/sqlite_connection.h"
#include "core/store/transaction.h"
#include "core/util/error.h"

#include <cmath>
#include <limits>

namespace lw::store {

void Store::updateBestValLoss(int64_t id, double loss, int64_t step, bool onlyIfBetter)
{
    m_connection
        ->query("UPDATE runs SET best_val_loss = ?2, best_step = ?3 WHERE id = ?1 "
                "AND (NOT ?4 OR best_val_loss IS NULL OR best_val_loss > ?2)",
            id, loss, step, onlyIfBetter)
        .run();
}

void Store::setBestValLoss(int64_t id, double loss, int64_t step)
{
    updateBestValLoss(id, loss, step, false);
    requireRunChanged(id, "setting the best validation loss");
}

void Store::appendMetrics(int64_t runId, const std::vector<MetricPoint>& points)
{
    if (points.empty())
        return;
    int64_t maxStep = std::numeric_limits<int64_t>::min();
    std::optional<MetricPoint> bestValLoss;
    for (const auto& point : points) {
        if (point.name.empty())
            throw Error::inField("metric name",
                "a metric point needs a name (step " + std::to_string(point.step) + ")");
        maxStep = std::max(maxStep, point.step);
        if (point.name != kValLossMetric || std::isnan(point.value))
            continue;
        // The lowest loss of the batch; on a tie, the earliest step reached it first.
        if (!bestValLoss || point.value < bestValLoss->value ||
            (point.value == bestValLoss->value && point.step < bestValLoss->step))
            bestValLoss = point;
    }

    Transaction transaction(*m_connection);
    double now = nowSeconds();
    // The run row first: it checks that the run exists, with a clearer message than the
    // foreign key would give.
    m_connection
        ->query(
            "UPDATE runs SET step = max(step, ?), updated_at = ? WHERE id = ?", maxStep, now, runId)
        .run();
    requireRunChanged(runId, "appending metrics");

    // A step logged again (a run resumed from an earlier checkpoint) replaces the value.
    Query insert = m_connection->query(
        "INSERT INTO metrics(run_id, name, step, value, time) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(run_id, name, step) DO UPDATE SET value = excluded.value, "
        "time = excluded.time");
    for (const auto& point : points) {
        insert.bindAll(
            runId, point.name, point.step, point.value, point.time > 0 ? point.time : now);
        insert.run();
        insert.reset();
    }
    if (bestValLoss)
        updateBestValLoss(runId, bestValLoss->value, bestValLoss->step, true);
    transaction.commit();
}

std::vector<std::string> Store::metricNames(int64_t runId)
{
    // A loose index scan: jumps from one name to the next through the primary key
    // instead of reading every point of the run.
    Query q = m_connection->query(R"sql(
WITH RECURSIVE names(name) AS (
  SELECT (SELECT min(name) FROM metrics WHERE run_id = ?1)
  UNION ALL
  SELECT (SELECT min(name) FROM metrics WHERE run_id = ?1 AND name > names.name)
  FROM names WHERE names.name IS NOT NULL
)
SELECT name FROM names WHERE name IS NOT NULL
)sql",
        runId);
    std::vector<std::string> names;
    while (q.next())
        names.push_back(q.text(0));
    return names;
}

std::vector<MetricPoint> Store::metrics(int64_t runId, const MetricQuery& query)
{
    std::vector<std::string> names;
    if (query.name)
        names.push_back(*query.name);
    else
        names = metricNames(runId);
    int64_t afterStep = query.afterStep.value_or(std::numeric_limits<int64_t>::min());

    std::vector<MetricPoint> points;
    // One range of the primary key per name: (run, name, step > afterStep).
    Query q = m_connection->query(
        "SELECT step, value, time FROM metrics WHERE run_id = ? AND name = ? AND step > ? "
        "ORDER BY step");
    for (const auto& name : names) {
        q.bindAll(runId, name, afterStep);
        while (q.next())
            points.push_back(MetricPoint{q.int64(0), name, q.real(1), q.real(2)});
        q.reset();
    }
    return points;
}

std::vector<MetricPoint> Store::latestMetrics(int64_t runId)
{
    std::vector<MetricPoint> latest;
    std::vector<std::string> names = metricNames(runId);
    Query q = m_connection->query("SELECT step, value, time FROM metrics WHERE run_id = ? "
                                  "AND name = ? ORDER BY step DESC LIMIT 1");
    for (const auto& name : names) {
        q.bindAll(runId, name);
        if (q.next())
            latest.push_back(MetricPoint{q.int64(0), name, q.real(1), q.real(2)});
        q.reset();
    }
    return latest;
}

int64_t Store::metricCount(int64_t runId)
{
    Query q = m_connection->query("SELECT count(*) FROM metrics WHERE run_id = ?", runId);
    return q.next() ? q.int64(0) : 0;
}

int64_t Store::addSample(int64_t runId, int64_t step, const std::string& text, double time)
{
    m_connection
        ->query("INSERT INTO samples(run_id, step, text, time) VALUES (?, ?, ?, ?)", runId, step,
            text, time > 0 ? time : nowSeconds())
        .run();
    return m_connection->lastInsertId();
}

std::vector<Sample> Store::samples(int64_t runId, std::optional<int64_t> afterStep)
{
    Query q = m_connection->query(
        "SELECT id, run_id, step, text, time FROM samples WHERE run_id = ? AND step > ? "
        "ORDER BY step, id",
        runId, afterStep.value_or(std::numeric_limits<int64_t>::min()));
    std::vector<Sample> result;
    while (q.next())
        result.push_back(Sample{q.int64(0), q.int64(1), q.int64(2), q.text(3), q.real(4)});
    return result;
}

} // namespace lw::store
