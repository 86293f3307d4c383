#include "core/finetune/finetune_service.h"

#include "core/finetune/answer_comparison.h"
#include "core/finetune/classification_service.h"
#include "core/finetune/finetune_execution.h"
#include "core/finetune/finetune_state_file.h"
#include "core/hf/hf_architecture.h"
#include "core/shape/shape_checks.h"
#include "core/distributed/process_group.h"
#include "core/train/run_plan.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <filesystem>
#include <fstream>

namespace lw::finetune {

namespace fs = std::filesystem;

namespace {

torch::Device deviceOf(const std::string& name)
{
    try {
        torch::Device device(name);
        if (device.is_cuda() && !torch::cuda::is_available())
            throw Error::inField("device", "CUDA is not available (no GPU, or LibTorch was built without CUDA)");
        return device;
    } catch (const c10::Error&) {
        throw Error::inField("device", "'" + name + "' is not a device (cpu, cuda or cuda:N)");
    }
}

nlohmann::json lineageOf(const catalog::ModelLocation& location, const FinetuneSettings& settings,
                         const FinetuneData& data, const std::string& runDir)
{
    nlohmann::json lineage = {{"base", baseLineage(location, settings.base)},
                              {"dataset", {{"name", settings.dataset}, {"records_sha256", data.recordsSha256}}},
                              {"method", settings.method},
                              {"objective", settings.objective}};
    if (data.datasetId)
        lineage["dataset"]["id"] = *data.datasetId;
    if (settings.usesAdapter())
        lineage["adapter"] = runDir + "/adapter";
    return lineage;
}

// Rows of the packed file and the split, kept in the run folder so a resume trains on
// exactly the same rows.
void saveSplit(const std::string& path, const FinetuneData& d)
{
    util::writeJsonFileAtomic(path, {{"file", d.file},
                                     {"kind", d.kind},
                                     {"train_rows", d.trainRows},
                                     {"val_rows", d.valRows},
                                     {"split_source", d.splitSource},
                                     {"records_sha256", d.recordsSha256},
                                     {"checks", d.checks.toJson()},
                                     {"answer_end", shape::answerEndJson(d.answerEnd)}});
}

FinetuneData loadSplit(const std::string& path)
{
    const nlohmann::json j = util::readJsonFile(path);
    FinetuneData d;
    try {
        d.file = j.at("file");
        d.kind = j.at("kind");
        d.trainRows = j.at("train_rows").get<std::vector<uint64_t>>();
        d.valRows = j.at("val_rows").get<std::vector<uint64_t>>();
        d.splitSource = j.at("split_source");
        d.recordsSha256 = j.value("records_sha256", "");
    } catch (const nlohmann::json::exception& e) {
        throw Error::inFile(path, e.what());
    }
    return d;
}

// The side-by-side answers of a finished run, written next to it and sent as an event.
void writeComparison(const store::Project& project, const FinetuneConfig& config, LoadedBase& trained,
                     const FinetuneInputs& inputs, const std::string& runDir, int count,
                     const train::EventSink& forward)
{
    if (count <= 0)
        return;
    try {
        LoadedBase fresh = loadFinetuneBase(project, config.finetune, config.train.device);
        const shape::PackedSequenceFile file(inputs.data.file);
        const std::vector<uint64_t>& rows = inputs.data.valRows.empty() ? inputs.data.trainRows : inputs.data.valRows;
        const auto answers = compareAnswers(fresh.model.model, trained.model.model, *trained.model.tokenizer, file,
                                            rows, inputs.chatTemplate.value_or(generate::builtinChatTemplate("chatml")),
                                            count);
        const nlohmann::json items = comparisonJson(answers);
        util::writeJsonFileAtomic(runDir + "/comparison.json", items);
        if (forward) {
            auto e = train::makeEvent("comparison");
            e["items"] = items;
            forward(e);
        }
    } catch (const std::exception& e) {
        if (forward) {
            auto w = train::makeEvent("log");
            w["level"] = "warning";
            w["message"] = std::string("the side-by-side answers could not be made: ") + e.what();
            forward(w);
        }
    }
}

bool finishedWell(train::TrainOutcome outcome)
{
    return outcome == train::TrainOutcome::Completed || outcome == train::TrainOutcome::EarlyStopped;
}

} // namespace

nlohmann::json baseLineage(const catalog::ModelLocation& location, const std::string& spec)
{
    nlohmann::json base = {{"spec", spec},
                           {"label", location.label},
                           {"format", catalog::formatName(location.format)},
                           {"path", location.path}};
    if (location.modelId)
        base["model_id"] = *location.modelId;
    if (location.runId)
        base["run_id"] = *location.runId;
    return base;
}

nlohmann::json runStartedEvent(int64_t runId, const std::string& runDir, const std::string& name,
                               const FinetuneConfig& config, const std::string& resumedFrom)
{
    auto started = train::makeEvent("run_started");
    started["run_id"] = runId;
    started["run_dir"] = runDir;
    started["name"] = name;
    started["config"] = config.toJson();
    started["parameters"] = config.train.model.parameterCount();
    started["resumed_from"] = resumedFrom;
    return started;
}

void recordFinetuneEnd(store::Store& store, int64_t runId, const FinetuneConfig& finalConfig,
                       const train::TrainResult& result)
{
    store::RunRecord record = store.run(runId);
    record.maxSteps = finalConfig.train.max_steps;
    nlohmann::json config = finalConfig.toJson();
    config["lineage"] = record.config.value("lineage", nlohmann::json::object());
    if (!result.state.scheduleHistory.empty())
        config["schedule_history"] = result.state.scheduleHistory;
    record.config = config;
    store.updateRun(record);
    store.heartbeat(runId, result.state.step);
    store::RunStatus status = store::RunStatus::Completed;
    if (result.outcome == train::TrainOutcome::Cancelled)
        status = store::RunStatus::Cancelled;
    else if (result.outcome == train::TrainOutcome::Diverged)
        status = store::RunStatus::Diverged;
    store.setRunStatus(runId, status, status == store::RunStatus::Completed ? "" : result.message);
}

std::string architectureOfBase(const catalog::ModelLocation& location, const store::Project* project,
                               const model::ModelConfig& config)
{
    if (location.format == catalog::ModelFormat::HfFolder) {
        const nlohmann::json c = util::readJsonFile(location.path + "/config.json");
        return hf::architectureOf(c, location.path + "/config.json").architecture;
    }
    if (location.modelId && project) {
        store::Store store = project->openStoreForListing();
        const auto record = store.model(*location.modelId);
        if (record && !record->architecture.empty()) {
            for (const auto& a : hf::hfArchitectures())
                if (a.architecture == record->architecture)
                    return a.architecture;
        }
    }
    return hf::architectureForExport(config).architecture;
}

LoadedBase loadFinetuneBase(const store::Project& project, const FinetuneSettings& settings,
                            const std::string& device)
{
    LoadedBase b;
    const catalog::ModelLocation location = catalog::locateModel(settings.base, &project);
    b.model = catalog::loadModel(location, deviceOf(device));
    b.model.model->to(torch::kFloat);
    b.architecture = architectureOfBase(location, &project, b.model.model->config());
    return b;
}

shape::TrainingRenderer finetuneRenderer(const FinetuneConfig& config, const LoadedBase& base)
{
    return shape::TrainingRenderer(finetuneTemplate(config.finetune, base.model.chatTemplate), *base.model.tokenizer,
                                   shape::ShapeOptions{*shape::lossModeFromName(config.finetune.loss),
                                                       config.train.effectiveContext()});
}

CreatedRun createFinetuneRun(const store::Project& project, store::Store& store, FinetuneRequest& request,
                             const LoadedBase& base, const std::string& namePrefix)
{
    train::TrainConfig& t = request.config.train;
    t.model = base.model.model->config();
    if (t.context <= 0 || t.context > t.model.context_length)
        t.context = t.model.context_length;
    t.validate();
    if (request.name.empty())
        request.name = namePrefix + "-" + request.config.finetune.dataset + "-" + std::to_string(store.listRuns().size() + 1);
    store::NewRun run(request.name);
    run.kind = store::kRunKindFinetune;
    run.config = request.config.toJson();
    run.maxSteps = t.max_steps;
    run.notes = request.notes;
    run.tags = request.tags;
    run.parentRunId = base.model.location.runId;
    CreatedRun created;
    created.id = project.createRun(store, run);
    created.dir = project.runDir(created.id, request.name);
    return created;
}

FinetuneRunOutcome startFinetune(const store::Project& project, FinetuneRequest request, train::TrainControl& control,
                                 const train::EventSink& forward, std::shared_ptr<distributed::ProcessGroup> group)
{
    if (request.config.finetune.isClassification()) // its own trainer: the head, the frozen blocks
        return startClassification(project, std::move(request), control, forward, group);
    FinetuneSettings& f = request.config.finetune;
    train::TrainConfig& t = request.config.train;
    t.dataset = "(shaped into the run folder)"; // validated below; the real path follows
    f.validate();
    LoadedBase base = loadFinetuneBase(project, f, t.device);
    store::Store store = project.openStore();
    const CreatedRun created = createFinetuneRun(project, store, request, base, f.method);
    const int64_t runId = created.id;
    const std::string& runDir = created.dir;

    FinetuneInputs inputs;
    try {
        const shape::TrainingRenderer renderer = finetuneRenderer(request.config, base);
        auto progress = [&](int64_t done, int64_t total) {
            if (forward) {
                auto e = train::makeEvent("progress");
                e["stage"] = "shaping";
                e["fraction"] = total > 0 ? double(done) / double(total) : 0.0;
                forward(e);
            }
            return !control.cancelRequested();
        };
        inputs.data = prepareFinetuneData(store, f, renderer, runDir + "/data", t.seed, progress);
        saveSplit(runDir + "/data/split.json", inputs.data);
        t.dataset = runDir + "/data";
        inputs.chatTemplate = renderer.chatTemplate();
    } catch (const std::exception& e) {
        store.setRunStatus(runId, store::RunStatus::Failed, e.what());
        throw;
    }
    store::RunRecord record = store.run(runId);
    record.datasetId = inputs.data.datasetId;
    record.config = request.config.toJson();
    record.config["lineage"] = lineageOf(base.model.location, f, inputs.data, runDir);
    store.updateRun(record);
    util::writeJsonFileAtomic(runDir + "/config.json", record.config);

    inputs.model = base.model.model;
    inputs.tokenizer = base.model.tokenizer.get();
    inputs.tokenizerPath = base.model.tokenizerPath;
    inputs.architecture = base.architecture;
    inputs.baseLabel = base.model.location.path;
    const FinetuneInputs kept = inputs;
    FinetuneTrainer trainer(request.config, runDir, nullptr);
    auto outcome = executeFinetune(store, runId, runDir, trainer, std::move(inputs), control, forward, std::nullopt, group);
    if (finishedWell(outcome.result.train.outcome))
        writeComparison(project, trainer.config(), base, kept, runDir, request.compareAnswers, forward);
    return outcome;
}

FinetuneRunOutcome resumeFinetune(const store::Project& project, int64_t runId, std::optional<int64_t> newMaxSteps,
                                  train::TrainControl& control, const train::EventSink& forward,
                                  std::shared_ptr<distributed::ProcessGroup> group)
{
    store::Store store = project.openStoreForListing();
    store::RunRecord record = store.run(runId);
    if (record.kind != store::kRunKindFinetune)
        throw Error("run " + std::to_string(runId) + " is not a fine-tune (resume it with `llmwb train --resume`)");
    if (record.status == store::RunStatus::Running || record.status == store::RunStatus::Paused)
        throw Error("run " + std::to_string(runId) + " is still running (its process holds " + record.runDir +
                    "/run.lock)");
    const std::string runDir = store.absolutePath(record.runDir);
    nlohmann::json stored = record.config;
    stored.erase("lineage");
    FinetuneConfig config = FinetuneConfig::fromJson(stored);
    const auto checkpoints = FinetuneTrainer::listStates(runDir);
    std::string chosen, problems;
    nlohmann::json chosenConfig; // the configuration the checkpoint was trained with
    for (auto it = checkpoints.rbegin(); it != checkpoints.rend() && chosen.empty(); ++it) {
        try {
            chosenConfig = config.finetune.usesAdapter() ? loadAdapterState(*it).config
                                                         : train::loadCheckpoint(*it, false).trainConfig;
            if (config.finetune.isClassification())
                checkClassifierHeadOf(*it);
            chosen = *it;
        } catch (const Error& e) {
            problems += std::string(problems.empty() ? "" : "; ") + e.what();
        }
    }
    if (chosen.empty())
        throw Error("run " + std::to_string(runId) + ": no usable checkpoint to resume from" +
                    (problems.empty() ? " (" + runDir + "/checkpoints is empty)" : ": " + problems));
    if (!newMaxSteps && record.status == store::RunStatus::Completed)
        throw Error("run " + std::to_string(runId) + " has completed its " + std::to_string(config.train.max_steps) +
                    " steps: give --max-steps to extend it");
    LoadedBase base = loadFinetuneBase(project, config.finetune, config.train.device);
    if (base.model.model->config() != config.train.model)
        throw Error("run " + std::to_string(runId) + ": the base model '" + config.finetune.base +
                    "' no longer has the shape the run was trained on");
    if (newMaxSteps) {
        record.maxSteps = *newMaxSteps;
        store.updateRun(record);
    } else if (config.finetune.epochs > 0 && chosenConfig.is_object()) {
        // The steps of an epoch-based run are counted when it starts and stored when it
        // ends: a run killed before its end has them only in its checkpoints.
        config.train.max_steps = FinetuneConfig::fromJson(chosenConfig).train.max_steps;
        record.maxSteps = config.train.max_steps;
        store.updateRun(record);
    }
    config.finetune.epochs = 0; // the stored max_steps stands
    const train::ResumeRequest resume{chosen, newMaxSteps};
    if (config.finetune.isClassification())
        return resumeClassification(store, record, config, base, resume, control, forward, group);
    FinetuneInputs inputs;
    inputs.data = loadSplit(runDir + "/data/split.json");
    inputs.model = base.model.model;
    inputs.tokenizer = base.model.tokenizer.get();
    inputs.tokenizerPath = base.model.tokenizerPath;
    inputs.architecture = base.architecture;
    inputs.baseLabel = base.model.location.path;
    inputs.chatTemplate = finetuneTemplate(config.finetune, base.model.chatTemplate);
    FinetuneTrainer trainer(config, runDir, nullptr);
    return executeFinetune(store, runId, runDir, trainer, std::move(inputs), control, forward, resume, group);
}

train::TrainResult followFinetune(const store::Project& project,
                                  const std::shared_ptr<distributed::ProcessGroup>& group, train::TrainControl& control)
{
    const train::RunPlan plan = train::receiveRunPlan(*group);
    const FinetuneConfig config = FinetuneConfig::fromJson(plan.config);
    if (config.finetune.isClassification())
        return followClassification(project, group, plan, control);
    LoadedBase base = loadFinetuneBase(project, config.finetune, config.train.device);
    FinetuneInputs inputs;
    inputs.data = loadSplit(plan.runDir + "/data/split.json");
    inputs.model = base.model.model;
    inputs.tokenizer = base.model.tokenizer.get();
    inputs.tokenizerPath = base.model.tokenizerPath;
    inputs.architecture = base.architecture;
    inputs.baseLabel = base.model.location.path;
    FinetuneTrainer trainer(config, plan.runDir, nullptr);
    trainer.setProcessGroup(group);
    return trainer.run(std::move(inputs), control, plan.resume).train;
}

} // namespace lw::finetune
