#include "ui/panels/runs/runs_store_jobs.h"

#include "core/eval/evaluation_headline.h"

#include "core/model/model_config.h"
#include "core/store/run_lock.h"
#include "core/util/error.h"

#include <QCoreApplication>
#include <QSaveFile>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <system_error>

namespace lw::ui {

namespace fs = std::filesystem;
using lw::store::Store;

namespace {

class RunsStoreJobs {
    Q_DECLARE_TR_FUNCTIONS(RunsStoreJobs)
};

int64_t treeBytes(const fs::path& root)
{
    std::error_code ec;
    if (fs::is_regular_file(root, ec))
        return int64_t(fs::file_size(root, ec));
    int64_t total = 0;
    for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
        std::error_code sizeError;
        if (it->is_regular_file(sizeError))
            total += int64_t(it->file_size(sizeError));
    }
    return total;
}

bool isInside(const fs::path& path, const fs::path& folder)
{
    if (folder.empty())
        return false;
    const fs::path relative = path.lexically_normal().lexically_relative(folder.lexically_normal());
    // Strictly inside: the folder itself ("." ) does not count.
    return !relative.empty() && relative != "." && *relative.begin() != "..";
}

bool isCheckpointKind(const std::string& kind)
{
    return kind == lw::store::kArtifactCheckpoint || kind == lw::store::kArtifactBest ||
        kind == lw::store::kArtifactFinal;
}

std::string shortestNumber(double value)
{
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

} // namespace

QString loadSamplesText(Store& store, int64_t runId)
{
    const lw::store::RunRecord run = store.run(runId);
    const std::string prompt = run.config.is_object() && run.config.contains("sample_prompt") &&
            run.config["sample_prompt"].is_string()
        ? run.config["sample_prompt"].get<std::string>()
        : std::string();
    return formatSamples(store.samples(runId), prompt);
}

RunsSnapshot loadRuns(Store& store)
{
    RunsSnapshot snapshot{store.listRuns(), store.allTags(), {}};
    for (const auto& run : snapshot.runs) {
        if (!run.config.is_object() || !run.config.contains("model"))
            continue;
        try {
            snapshot.parameterCounts[run.id] = lw::model::ModelConfig::fromJson(run.config["model"]).parameterCount();
        } catch (const std::exception&) {
            // A run stored by a later version (an unknown field): its size is unknown here.
        }
    }
    return snapshot;
}

QVector<EvalCurve> loadEvalCurves(Store& store, int64_t runId)
{
    lw::store::EvaluationQuery query;
    query.runId = runId;
    std::map<std::string, EvalCurve> byName; // one curve per task, data and figure
    for (const auto& evaluation : store.listEvaluations(query)) { // by step
        const auto headline = lw::eval::headlineOf(evaluation);
        if (!evaluation.step || std::isnan(headline.value))
            continue;
        const std::string data = fs::path(evaluation.dataset).stem().string();
        // "mc acc (physics)", "perplexity (held-out)": the figure is named once when it is the task.
        std::string name = evaluation.task + (headline.metric == evaluation.task ? "" : " " + headline.metric);
        if (!data.empty())
            name += " (" + data + ")";
        EvalCurve& curve = byName[name];
        curve.name = QString::fromStdString(name);
        // A checkpoint evaluated again replaces its earlier figure.
        if (!curve.steps.isEmpty() && curve.steps.last() == double(*evaluation.step)) {
            curve.values.last() = headline.value;
            continue;
        }
        curve.steps.append(double(*evaluation.step));
        curve.values.append(headline.value);
    }
    QVector<EvalCurve> curves;
    for (auto& entry : byName)
        curves.append(std::move(entry.second));
    return curves;
}

QVector<RunCurves> loadCurves(Store& store, const QVector<CurveRequest>& requests)
{
    QVector<RunCurves> curves;
    for (const CurveRequest& request : requests) {
        RunCurves run;
        run.request = request;
        lw::store::MetricQuery query;
        query.name = kTrainLossMetric;
        query.afterStep = request.lossAfter;
        for (const auto& point : store.metrics(request.runId, query)) {
            run.lossSteps.append(double(point.step));
            run.lossValues.append(point.value);
        }
        query.name = lw::store::kValLossMetric;
        query.afterStep = request.valAfter;
        for (const auto& point : store.metrics(request.runId, query)) {
            run.valSteps.append(double(point.step));
            run.valValues.append(point.value);
        }
        run.evals = loadEvalCurves(store, request.runId);
        curves.append(std::move(run));
    }
    return curves;
}

std::vector<RunDeletionItem> planDeletion(Store& store, const std::vector<int64_t>& runIds)
{
    std::vector<RunDeletionItem> items;
    for (int64_t id : runIds) {
        const lw::store::RunRecord run = store.run(id);
        RunDeletionItem item;
        item.runId = id;
        item.name = run.name;
        item.runDir = run.runDir.empty() ? std::string() : store.absolutePath(run.runDir);
        item.running = !item.runDir.empty() && lw::store::RunLock::isHeld(item.runDir);
        std::error_code ec;
        if (!item.runDir.empty() && fs::exists(item.runDir, ec))
            item.bytes = treeBytes(item.runDir);
        for (const auto& artifact : store.artifacts(id)) {
            const fs::path path = store.absolutePath(artifact.path);
            if (!fs::exists(path, ec))
                continue;
            if (isCheckpointKind(artifact.kind))
                ++item.checkpointFiles;
            if (!isInside(path, item.runDir) && isInside(path, store.projectDir()))
                item.bytes += treeBytes(path);
        }
        items.push_back(std::move(item));
    }
    return items;
}

DeletionResult deleteRuns(Store& store, const std::vector<int64_t>& runIds)
{
    DeletionResult result;
    for (const RunDeletionItem& item : planDeletion(store, runIds)) {
        if (item.running) {
            result.problems.push_back(
                RunsStoreJobs::tr("Run #%1 is running; cancel it before deleting it.")
                    .arg(item.runId)
                    .toStdString());
            continue;
        }
        // The store first: a run whose files are half gone must not stay listed.
        const lw::store::DeletedRun deleted = store.deleteRun(item.runId);
        result.deleted.push_back(item.runId);
        std::error_code ec;
        const fs::path projectDir = store.projectDir();
        for (const std::string& path : deleted.artifactPaths) {
            if (isInside(path, deleted.runDir))
                continue; // goes with the folder
            if (!isInside(path, projectDir)) {
                // Files the user exported elsewhere are theirs: never deleted from here.
                result.problems.push_back(
                    RunsStoreJobs::tr("%1: kept (outside the project folder)")
                        .arg(QString::fromStdString(path))
                        .toStdString());
                continue;
            }
            fs::remove_all(path, ec);
            if (ec)
                result.problems.push_back(path + ": " + ec.message());
        }
        // A damaged run_dir ("", "..", the project itself) must never remove more than
        // one run's folder.
        if (isInside(deleted.runDir, projectDir / "runs")) {
            fs::remove_all(deleted.runDir, ec);
            if (ec)
                result.problems.push_back(deleted.runDir + ": " + ec.message());
        } else if (!deleted.runDir.empty()) {
            result.problems.push_back(
                RunsStoreJobs::tr("%1: kept (not a run folder of this project)")
                    .arg(QString::fromStdString(deleted.runDir))
                    .toStdString());
        }
        result.bytesFreed += item.bytes;
    }
    return result;
}

int64_t writeMetricsCsv(Store& store, const std::vector<int64_t>& runIds, const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw Error(path.toStdString() + ": " + file.errorString().toStdString());
    int64_t rows = 0;
    std::string chunk = "run_id,run_name,step,name,value,time\n";
    for (int64_t id : runIds) {
        const std::string prefix = std::to_string(id) + "," + csvField(store.run(id).name) + ",";
        for (const auto& point : store.metrics(id)) {
            chunk += prefix;
            chunk += std::to_string(point.step);
            chunk += ',';
            chunk += csvField(point.name);
            chunk += ',';
            if (!std::isnan(point.value))
                chunk += shortestNumber(point.value);
            chunk += ',';
            chunk += shortestNumber(point.time);
            chunk += '\n';
            ++rows;
            if (chunk.size() > (1 << 20)) { // stream: a long run has millions of points
                file.write(chunk.data(), qint64(chunk.size()));
                chunk.clear();
            }
        }
    }
    file.write(chunk.data(), qint64(chunk.size()));
    if (!file.commit())
        throw Error(path.toStdString() + ": " + file.errorString().toStdString());
    return rows;
}

std::vector<CheckpointRow> loadCheckpoints(Store& store, int64_t runId)
{
    std::vector<CheckpointRow> rows;
    for (const auto& artifact : store.artifacts(runId)) {
        if (!isCheckpointKind(artifact.kind))
            continue;
        CheckpointRow row;
        row.step = artifact.step.value_or(-1);
        row.bytes = artifact.sizeBytes;
        row.kind = artifact.kind;
        row.path = store.absolutePath(artifact.path);
        std::error_code ec;
        row.exists = fs::is_regular_file(row.path, ec);
        rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const CheckpointRow& a, const CheckpointRow& b) {
        if (a.step != b.step)
            return a.step < b.step;
        return a.kind == lw::store::kArtifactBest && b.kind != lw::store::kArtifactBest;
    });
    // The newest periodic or final checkpoint: the one a resume starts from.
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
        if (it->kind != lw::store::kArtifactBest && it->exists) {
            it->newest = true;
            break;
        }
    }
    return rows;
}

QString formatSamples(const std::vector<lw::store::Sample>& samples, const std::string& prompt)
{
    QString text;
    for (const auto& sample : samples) {
        text += RunsStoreJobs::tr("— step %1 —").arg(sample.step);
        text += QLatin1Char('\n');
        text += QString::fromStdString(prompt + sample.text); // the text continues the prompt
        text += QStringLiteral("\n\n");
    }
    return text;
}

std::vector<lw::records::LineageEntry> loadDatasetLineage(lw::store::Store& store, int64_t runId)
{
    const auto run = store.findRun(runId);
    if (!run || !run->datasetId)
        return {};
    return lw::records::datasetLineage(store, *run->datasetId);
}

} // namespace lw::ui
