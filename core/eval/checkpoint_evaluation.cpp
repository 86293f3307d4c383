#include "core/eval/checkpoint_evaluation.h"

#include "core/catalog/model_loader.h"
#include "core/store/store.h"

#include <chrono>
#include <filesystem>
#include <map>

namespace lw::eval {

namespace {

std::string evalTasksKey(int64_t runId)
{
    return "run_eval_tasks:" + std::to_string(runId);
}

} // namespace

std::vector<CheckpointEvaluation> evaluateCheckpoint(const store::Project& project, int64_t runId, int64_t step,
                                                     const std::string& checkpointPath,
                                                     const std::vector<EvalTaskSpec>& tasks,
                                                     const std::string& toolVersion, const std::string& device,
                                                     const TaskProgress& progress, const CheckpointLoader& load)
{
    catalog::ModelLocation location;
    location.format = catalog::ModelFormat::Checkpoint;
    location.path = std::filesystem::absolute(checkpointPath).string();
    location.label = "run " + std::to_string(runId) + " step " + std::to_string(step);
    location.runId = runId;
    catalog::LoadedModel loaded =
        load ? load(location, torch::Device(device)) : catalog::loadModel(location, torch::Device(device));
    std::vector<CheckpointEvaluation> results;
    for (size_t i = 0; i < tasks.size(); ++i) {
        const auto started = std::chrono::steady_clock::now();
        const auto taskProgress = [&](double fraction, const std::string& detail) {
            return !progress || progress((double(i) + fraction) / double(tasks.size()), tasks[i].task + ": " + detail);
        };
        TaskOutcome outcome = runTaskSpec(project, loaded, tasks[i], taskProgress);
        outcome.settings["device"] = device;
        outcome.settings["spec"] = tasks[i].text;
        store::Store store = project.openStore();
        CheckpointEvaluation result;
        result.spec = tasks[i].text;
        result.step = step;
        result.summary = outcome.summary;
        result.evaluationId = storeTaskOutcome(
            store, tasks[i].task, location.path, location, outcome, toolVersion,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        results.push_back(std::move(result));
    }
    return results;
}

std::vector<RunCheckpoint> runCheckpoints(store::Store& store, int64_t runId)
{
    std::map<int64_t, std::string> byStep;
    std::error_code ec;
    for (const auto& artifact : store.artifacts(runId)) {
        if (!artifact.step || (artifact.kind != store::kArtifactCheckpoint && artifact.kind != store::kArtifactFinal &&
                               artifact.kind != store::kArtifactBest))
            continue;
        const std::string path = store.absolutePath(artifact.path);
        if (!std::filesystem::is_regular_file(path, ec))
            continue;
        // A periodic or final checkpoint wins over best.ckpt at the same step.
        auto it = byStep.find(*artifact.step);
        if (it == byStep.end() || artifact.kind != store::kArtifactBest)
            byStep[*artifact.step] = path;
    }
    std::vector<RunCheckpoint> out;
    for (const auto& [step, path] : byStep)
        out.push_back({step, path});
    return out;
}

void saveRunEvalTasks(store::Store& store, int64_t runId, const std::vector<EvalTaskSpec>& tasks)
{
    store::Json list = store::Json::array();
    for (const auto& t : tasks)
        list.push_back(t.text);
    store.setMeta(evalTasksKey(runId), list.dump());
}

std::vector<EvalTaskSpec> runEvalTasks(store::Store& store, int64_t runId)
{
    std::vector<EvalTaskSpec> tasks;
    const auto saved = store.meta(evalTasksKey(runId));
    if (!saved)
        return tasks;
    for (const auto& text : store::Json::parse(*saved))
        tasks.push_back(parseEvalTaskSpec(text.get<std::string>()));
    return tasks;
}

} // namespace lw::eval
