#include "core/train/run_service.h"

#include "core/data/dataset.h"
#include "core/distributed/process_group.h"
#include "core/train/run_plan.h"
#include "core/train/run_recorder.h"
#include "core/store/run_lock.h"
#include "core/store/store.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <chrono>
#include <filesystem>

namespace lw::train {

namespace fs = std::filesystem;

namespace {

store::RunStatus statusOf(TrainOutcome outcome)
{
    switch (outcome) {
    case TrainOutcome::Cancelled: return store::RunStatus::Cancelled;
    case TrainOutcome::Diverged: return store::RunStatus::Diverged;
    default: return store::RunStatus::Completed;
    }
}

void copyTokenizer(const std::string& from, const std::string& runDir)
{
    const fs::path target = fs::path(runDir) / "tokenizer";
    std::error_code ec;
    fs::remove_all(target, ec);
    fs::create_directories(target);
    if (fs::is_directory(from))
        fs::copy(from, target, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    else
        fs::copy_file(from, target / fs::path(from).filename(), fs::copy_options::overwrite_existing);
}

int64_t resumeStep(const std::optional<ResumeRequest>& resume)
{
    return resume ? loadCheckpoint(resume->checkpointPath, false).state.step : 0;
}

RunOutcome execute(store::Store& store, int64_t runId, const std::string& runDir, Trainer& trainer,
                   TrainControl& control, const EventSink& forward, const std::optional<ResumeRequest>& resume,
                   const std::shared_ptr<distributed::ProcessGroup>& group,
                   const std::vector<std::string>& warnings = {})
{
    store::RunLock lock(runDir);
    if (group) {
        trainer.setProcessGroup(group);
        shareRunPlan(*group, {trainer.config().toJson(), runDir, resume});
    }
    const nlohmann::json world = recordRunWorld(runDir, group.get(), resumeStep(resume), trainer.config().seed);
    store.markRunning(runId);
    RunRecorder recorder(store, runId, forward);
    trainer.setEventSink([&recorder](const nlohmann::json& e) { recorder(e); });
    auto started = makeEvent("run_started");
    started["run_id"] = runId;
    started["run_dir"] = runDir;
    started["name"] = store.run(runId).name;
    started["config"] = trainer.config().toJson();
    started["parameters"] = trainer.config().model.parameterCount();
    started["resumed_from"] = resume ? resume->checkpointPath : std::string();
    started["world_size"] = world["world_size"];
    started["hosts"] = world["hosts"];
    if (forward)
        forward(started);
    for (const auto& warning : warnings) {
        auto w = makeEvent("log");
        w["level"] = "warning";
        w["message"] = warning;
        recorder(w);
    }
    RunOutcome outcome;
    outcome.runId = runId;
    outcome.runDir = runDir;
    outcome.result = recorder.recordTraining([&] { return trainer.run(control, resume); });
    store::RunRecord record = store.run(runId);
    record.maxSteps = trainer.config().max_steps;
    record.config = trainer.config().toJson();
    if (!outcome.result.state.scheduleHistory.empty())
        record.config["schedule_history"] = outcome.result.state.scheduleHistory;
    store.updateRun(record);
    store.heartbeat(runId, outcome.result.state.step);
    const auto status = statusOf(outcome.result.outcome);
    store.setRunStatus(runId, status, status == store::RunStatus::Completed ? "" : outcome.result.message);
    if (outcome.result.outcome == TrainOutcome::EarlyStopped)
        store.setRunNotes(runId, (record.notes.empty() ? "" : record.notes + "\n") + outcome.result.message);
    return outcome;
}

} // namespace

std::string tokenizerForCheckpoint(const std::string& checkpointPath, const std::string& recordedPath)
{
    const fs::path local = fs::path(checkpointPath).parent_path().parent_path() / "tokenizer";
    if (fs::is_directory(local) && !fs::is_empty(local)) {
        // A sentencepiece tokenizer is one .model file inside the folder.
        for (const auto& e : fs::directory_iterator(local))
            if (e.path().extension() == ".model")
                return e.path().string();
        return local.string();
    }
    return recordedPath;
}

RunOutcome startRun(const store::Project& project, NewRunRequest request, TrainControl& control,
                    const EventSink& forward, std::shared_ptr<distributed::ProcessGroup> group)
{
    request.config.validate();
    store::Store store = project.openStore();
    if (request.name.empty())
        request.name = model::familyName(request.config.model.family) + "-" +
                       std::to_string(store.listRuns().size() + 1);
    store::NewRun run(request.name);
    run.config = request.config.toJson();
    run.datasetId = request.datasetId;
    run.maxSteps = request.config.max_steps;
    run.notes = request.notes;
    run.tags = request.tags;
    const int64_t runId = project.createRun(store, run);
    const std::string runDir = project.runDir(runId, request.name);
    util::writeJsonFileAtomic(runDir + "/config.json", request.config.toJson());
    try {
        data::DatasetInfo dataset = data::loadDataset(request.config.dataset);
        copyTokenizer(dataset.tokenizerPath, runDir);
    } catch (const std::exception& e) {
        store.setRunStatus(runId, store::RunStatus::Failed, e.what());
        throw;
    }
    Trainer trainer(request.config, runDir, nullptr);
    return execute(store, runId, runDir, trainer, control, forward, std::nullopt, group);
}

RunOutcome resumeRun(const store::Project& project, int64_t runId, std::optional<int64_t> newMaxSteps,
                     TrainControl& control, const EventSink& forward,
                     std::shared_ptr<distributed::ProcessGroup> group)
{
    store::Store store = project.openStoreForListing();
    store::RunRecord record = store.run(runId);
    if (record.kind != store::kRunKindPretrain)
        throw Error("run " + std::to_string(runId) + " is a " + record.kind + " run: resume it with `llmwb " +
                    record.kind + " --resume " + std::to_string(runId) + "`");
    if (record.status == store::RunStatus::Running || record.status == store::RunStatus::Paused)
        throw Error("run " + std::to_string(runId) + " is still running (its process holds " + record.runDir +
                    "/run.lock)");
    const std::string runDir = store.absolutePath(record.runDir);
    TrainConfig config = TrainConfig::fromJson([&] {
        nlohmann::json c = record.config;
        c.erase("schedule_history");
        return c;
    }());
    auto checkpoints = Trainer::listCheckpoints(runDir);
    if (checkpoints.empty())
        throw Error("run " + std::to_string(runId) + " has no checkpoint to resume from (" + runDir + "/checkpoints)");
    std::string chosen;
    std::string problems;
    std::vector<std::string> warnings;
    for (auto it = checkpoints.rbegin(); it != checkpoints.rend(); ++it) {
        try {
            Checkpoint c = loadCheckpoint(*it, false);
            config.max_steps = c.trainConfig.value("max_steps", config.max_steps);
            chosen = *it;
            break;
        } catch (const Error& e) {
            problems += std::string(problems.empty() ? "" : "; ") + e.what();
            warnings.push_back(std::string("skipping a damaged checkpoint: ") + e.what());
        }
    }
    if (chosen.empty())
        throw Error("run " + std::to_string(runId) + ": no usable checkpoint: " + problems);
    if (!newMaxSteps && record.status == store::RunStatus::Completed)
        throw Error("run " + std::to_string(runId) + " has completed its " + std::to_string(config.max_steps) +
                    " steps: give --max-steps to extend it");
    if (newMaxSteps) {
        record.maxSteps = *newMaxSteps;
        store.updateRun(record);
    }
    Trainer trainer(config, runDir, nullptr);
    return execute(store, runId, runDir, trainer, control, forward, ResumeRequest{chosen, newMaxSteps}, group,
                   warnings);
}

TrainResult followRun(const std::shared_ptr<distributed::ProcessGroup>& group, TrainControl& control)
{
    const RunPlan plan = receiveRunPlan(*group);
    Trainer trainer(TrainConfig::fromJson(plan.config), plan.runDir, nullptr);
    trainer.setProcessGroup(group);
    return trainer.run(control, plan.resume);
}

} // namespace lw::train
