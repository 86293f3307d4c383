// llmwb train: a new run, the demo run, its pre-flight check (--check), or --resume RUN
#include "app/cli/check_report_output.h"
#include "app/cli/checkpoint_evaluator.h"
#include "app/cli/cli_context.h"
#include "app/cli/config_flags.h"
#include "app/cli/control_channel.h"
#include "app/cli/distributed_flags.h"
#include "app/cli/train_printer.h"
#include "core/data/dataset.h"
#include "core/train/demo_project.h"
#include "core/train/run_service.h"
#include "core/train/train_check.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <iostream>

namespace lw::cli {

namespace {

struct TrainCommand {
    std::string dataset;
    std::string preset = "small";
    std::string configFile;
    std::string name;
    std::string notes;
    std::vector<std::string> tags;
    int64_t resume = 0;
    bool demo = false;
    bool check = false;
    bool json = false;
    std::vector<std::string> evalTasks;
    ConfigFlags trainFlags;
    ConfigFlags modelFlags;
    DistributedFlags distributed;
};

train::TrainConfig buildConfig(TrainCommand& o, const store::Project& project, std::optional<int64_t>* datasetId)
{
    nlohmann::json config = train::TrainConfig().toJson();
    bool vocabFromFile = false;
    if (!o.configFile.empty()) {
        nlohmann::json file = util::readJsonFile(o.configFile);
        if (!file.is_object())
            throw Error::inFile(o.configFile, "expected a JSON object of training settings");
        for (auto it = file.begin(); it != file.end(); ++it)
            config[it.key()] = it.value();
        vocabFromFile = file.contains("model") && file["model"].is_object() && file["model"].contains("vocab_size");
    } else if (o.demo) {
        auto demo = train::ensureDemoProject(project.root());
        config = demo.config.toJson();
        *datasetId = demo.datasetId;
    } else {
        config["model"] = model::presetConfig(o.preset).toJson();
    }
    if (!o.dataset.empty())
        config["dataset"] = resolveDatasetDir(project, o.dataset, datasetId);
    if (config.value("dataset", "").empty())
        throw Error("--dataset: no dataset given (prepare one with `llmwb data prepare`, or try `llmwb train --demo`)");
    const auto dataset = data::loadDataset(config["dataset"].get<std::string>());
    // The vocabulary follows the dataset's tokenizer unless set explicitly.
    if (!vocabFromFile)
        config["model"]["vocab_size"] = dataset.vocabSize;
    o.modelFlags.applyTo(config["model"]);
    o.trainFlags.applyTo(config);
    train::TrainConfig result = train::TrainConfig::fromJson(config);
    result.validate();
    return result;
}

int exitCodeFor(train::TrainOutcome outcome)
{
    switch (outcome) {
    case train::TrainOutcome::Cancelled: return kExitCancelled;
    case train::TrainOutcome::Diverged: return kExitDiverged;
    default: return kExitOk;
    }
}

// The report of a new run's settings; no run is created. Exit 1 when an error would
// stop or waste the run.
void runCheck(CliContext& ctx, TrainCommand& o)
{
    if (o.resume > 0)
        throw Error("--check looks at a new run: give it without --resume");
    auto project = ctx.project();
    std::optional<int64_t> datasetId;
    const train::TrainCheckReport report =
        train::checkTraining(buildConfig(o, project, &datasetId), [&](const std::string& m) {
            if (!ctx.events && !o.json)
                std::cerr << m << std::endl;
        });
    printCheckReport(ctx, report, o.json);
}

void trainInThisProcess(CliContext& ctx, TrainCommand& o)
{
    if (o.check) {
        runCheck(ctx, o);
        return;
    }
    if (o.resume > 0)
        o.distributed.followRecordedWorld(ctx, o.resume);
    if (o.distributed.launches()) {
        ctx.exitCode = launchWorkers(ctx, o.distributed);
        return;
    }
    auto group = o.distributed.joinFromEnvironment();
    if (group && group->rank() != 0) {
        // Rank 0 owns the store, the run folder and the output; this rank only trains.
        train::TrainControl control;
        ControlChannel channel(control, false);
        ctx.exitCode = exitCodeFor(train::followRun(group, control).outcome);
        return;
    }
    auto project = ctx.project();
    train::TrainControl control;
    ControlChannel channel(control, ctx.events);
    TrainPrinter printer;
    CheckpointEvaluator evaluator(ctx, project, parseEvalTasks(o.evalTasks));
    auto print = [&](const nlohmann::json& e) {
        if (ctx.events)
            ctx.emit(e);
        else if (auto line = printer.lineFor(e))
            ctx.say(*line);
    };
    train::EventSink sink = [&](const nlohmann::json& e) {
        print(e);
        for (const auto& result : evaluator.onEvent(e))
            print(result);
    };
    train::RunOutcome outcome;
    if (o.resume > 0) {
        auto given = o.trainFlags.given();
        for (const auto& key : given)
            if (key != "max_steps")
                throw Error("--" + key + ": settings of a run cannot change when resuming (only --max-steps can)");
        if (!o.modelFlags.given().empty() || !o.dataset.empty() || o.demo || !o.configFile.empty())
            throw Error("--resume continues a run as it was configured: give only --max-steps (and --eval-task) "
                        "with it");
        std::optional<int64_t> maxSteps;
        if (!given.empty()) {
            nlohmann::json values = nlohmann::json::object();
            values["max_steps"] = int64_t(0);
            o.trainFlags.applyTo(values);
            maxSteps = values["max_steps"].get<int64_t>();
        }
        outcome = train::resumeRun(project, o.resume, maxSteps, control, sink, group);
    } else {
        train::NewRunRequest request;
        request.config = buildConfig(o, project, &request.datasetId);
        request.name = o.name.empty() && o.demo ? "demo" : o.name;
        request.tags = o.tags;
        request.notes = o.notes;
        outcome = train::startRun(project, request, control, sink, group);
    }
    ctx.exitCode = exitCodeFor(outcome.result.outcome);
}

void runTrain(CliContext& ctx, TrainCommand& o)
{
    try {
        trainInThisProcess(ctx, o);
    } catch (const distributed::PeerFailure& e) {
        // Not a usage error: another process of the run failed.
        throw std::runtime_error(e.what());
    }
}

} // namespace

void registerTrainCommand(CLI::App& app, CliContext& context)
{
    auto o = std::make_shared<TrainCommand>();
    auto* cmd = app.add_subcommand("train", "Pretrain a model on a prepared dataset, or resume a run");
    cmd->add_option("--dataset", o->dataset, "Dataset name in the project, or a prepared dataset folder");
    std::string presets;
    for (const auto& p : model::modelPresets())
        presets += "\n    " + p.name + ": " + p.description;
    cmd->add_option("--preset", o->preset, "Model shape to start from (flags below override its fields):" + presets)
        ->capture_default_str();
    cmd->add_option("--config", o->configFile, "JSON file of training settings (as stored with a run); flags override it");
    cmd->add_option("--name", o->name, "Run name (default: <family>-<n>)");
    cmd->add_option("--tag", o->tags, "Tag the run (repeatable)");
    cmd->add_option("--notes", o->notes, "Free-text notes stored with the run");
    cmd->add_option("--resume", o->resume,
                    "Continue run RUN (its id) from its newest checkpoint, on as many processes as it last trained on "
                    "(--nproc-per-node changes that); with --max-steps, extend a finished run");
    cmd->add_option("--eval-task", o->evalTasks,
                    "Evaluate each checkpoint as it is written (repeatable; a resumed run keeps its tasks): " +
                        eval::evalTaskSpecHelp());
    cmd->add_flag("--demo", o->demo,
                  "Train the demo model on the demo stories (creating them in the project first): stories that "
                  "read well after about half a minute on two cores");
    cmd->add_flag("--check", o->check,
                  "Check the dataset, the settings and the memory, time and disk the run would take, and stop "
                  "without creating a run (exit 1 when something would stop or waste it)");
    cmd->add_flag("--json", o->json, "With --check: print the report as JSON");
    auto modelHelp = model::modelConfigHelp();
    modelHelp.erase(std::remove_if(modelHelp.begin(), modelHelp.end(),
                                   [](const auto& f) { return f.first == "vocab_size"; }),
                    modelHelp.end());
    modelHelp.push_back({"vocab_size", "vocabulary size (default: the dataset's tokenizer)"});
    o->modelFlags.add(cmd, modelHelp, model::presetConfig("small").toJson(), "Model (override the preset)");
    o->trainFlags.add(cmd, train::trainConfigHelp(), train::TrainConfig().toJson(), "Training");
    o->distributed.add(cmd);
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runTrain(context, *o); });
}

} // namespace lw::cli
