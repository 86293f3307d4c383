#include "ui/panels/train/run_store_reader.h"

#include "core/store/project.h"
#include "core/train/run_plan.h"
#include "core/util/paths.h"
#include "ui/shell/json_bridge.h"

#include <exception>
#include <optional>

namespace lw::ui {

QStringList chartedMetricNames()
{
    return {QStringLiteral("loss"), QStringLiteral("val_loss"), QStringLiteral("lr"), QStringLiteral("grad_norm"),
            QStringLiteral("tokens_per_s")};
}

StoredRun readStoredRun(const StoredRunQuery& query)
{
    StoredRun result;
    try {
        auto project = store::Project::open(query.projectDir.toStdString());
        store::Store store = project.openStoreForListing();
        qint64 runId = query.runId;
        if (runId == 0) {
            for (const store::RunRecord& run : store.listRuns()) // newest first
                if (run.kind == query.newestOfKind.toStdString()) {
                    runId = run.id;
                    break;
                }
            if (runId == 0)
                return result;
        }
        const store::RunRecord run = store.run(runId);
        result.runId = runId;
        result.name = QString::fromStdString(run.name);
        if (query.withConfig)
            result.config = toQJson(run.config);
        const std::string_view status = store::runStatusToString(run.status);
        result.status = QString::fromUtf8(status.data(), qsizetype(status.size()));
        result.errorMessage = QString::fromStdString(run.errorMessage);
        result.runDir = QString::fromStdString(store.absolutePath(run.runDir));
        result.step = run.step;
        result.maxSteps = run.maxSteps;
        result.pid = run.pid.value_or(0);
        result.sameHost = run.host == util::hostName();
        try { // world.json only suggests the Processes count: a damaged one leaves the default
            if (const auto world = train::lastRunWorld(store.absolutePath(run.runDir)))
                result.worldSize = world->worldSize;
        } catch (const std::exception&) {
        }
        QStringList names = chartedMetricNames();
        if (query.allMetrics)
            for (const std::string& name : store.metricNames(runId))
                if (!names.contains(QString::fromStdString(name)))
                    names.append(QString::fromStdString(name));
        for (const QString& name : names) {
            store::MetricQuery metricQuery;
            metricQuery.name = name.toStdString();
            if (query.afterStep.contains(name))
                metricQuery.afterStep = query.afterStep.value(name);
            StoredRun::Series series;
            for (const auto& point : store.metrics(runId, metricQuery)) {
                series.steps.append(double(point.step));
                series.values.append(point.value);
                series.lastTime = point.time;
            }
            if (!series.steps.isEmpty())
                result.metrics.insert(name, series);
        }
        const auto samplesAfter =
            query.samplesAfter >= 0 ? std::optional<int64_t>(query.samplesAfter) : std::nullopt;
        for (const auto& sample : store.samples(runId, samplesAfter))
            result.samples.append({sample.step, QString::fromStdString(sample.text)});
    } catch (const std::exception& e) {
        result = StoredRun();
        result.error = QString::fromUtf8(e.what());
    }
    return result;
}

} // namespace lw::ui
