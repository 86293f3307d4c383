// llmwb finetune: a fine-tune of a model on a chat, preference or choice dataset, its
// pre-flight check (--check), or --resume RUN; --eval-task evaluates its checkpoints
#include "app/cli/check_report_output.h"
#include "app/cli/checkpoint_evaluator.h"
#include "app/cli/cli_context.h"
#include "app/cli/config_flags.h"
#include "app/cli/control_channel.h"
#include "app/cli/distributed_flags.h"
#include "app/cli/train_printer.h"
#include "core/finetune/classification_check.h"
#include "core/finetune/demo_instructions.h"
#include "core/finetune/demo_messages.h"
#include "core/finetune/finetune_check.h"
#include "core/finetune/finetune_service.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <algorithm>
#include <iostream>

namespace lw::cli {

namespace {

// Trainer settings a fine-tune does not take: the model is the base's, the data the
// shaped dataset's, samples are replaced by the side-by-side answers at the end.
bool finetuneTakesTrainField(const std::string& key)
{
    return key != "stride" && key.rfind("sample_", 0) != 0;
}

struct FinetuneCommand {
    std::string name;
    std::string notes;
    std::vector<std::string> tags;
    std::vector<std::string> evalTasks;
    int64_t resume = 0;
    int compare = 4;
    bool check = false;
    bool demo = false;
    ConfigFlags finetuneFlags;
    DistributedFlags distributed;
    ConfigFlags trainFlags;
};

finetune::FinetuneConfig buildConfig(const FinetuneCommand& o, const store::Project& project)
{
    nlohmann::json settings = finetune::FinetuneSettings().toJson();
    o.finetuneFlags.applyTo(settings);
    if (o.demo) {
        // The demo model on the demo questions, unless flags say otherwise.
        const std::string demoTemplate = finetune::ensureDemoFinetuneData(project);
        if (settings["chat_template"].get<std::string>().empty())
            settings["chat_template"] = demoTemplate;
        // The demo model is small: adapters on its output head too let it learn in a minute.
        const auto given = o.finetuneFlags.given();
        auto notGiven = [&](const char* key) { return std::find(given.begin(), given.end(), key) == given.end(); };
        if (notGiven("lora_targets"))
            settings["lora_targets"] = finetune::demoLoraTargets();
        if (notGiven("lora_rank") && notGiven("lora_alpha")) {
            settings["lora_rank"] = finetune::kDemoLoraRank;
            settings["lora_alpha"] = 2.0 * finetune::kDemoLoraRank;
        }
        if (settings["base"].get<std::string>().empty())
            settings["base"] = finetune::demoBaseModel(project);
        if (settings["objective"] == "classify") {
            // The book's spam classifier: the head and the last blocks, on the demo messages.
            finetune::ensureDemoClassificationData(project);
            if (notGiven("method"))
                settings["method"] = "full";
            if (settings["dataset"].get<std::string>().empty())
                settings["dataset"] = finetune::kDemoMessagesName;
        }
        if (settings["dataset"].get<std::string>().empty())
            settings["dataset"] = settings["objective"] == "sft" ? finetune::kDemoInstructionsName
                                                                 : finetune::kDemoPreferencesName;
    }
    finetune::FinetuneConfig config;
    config.finetune = finetune::FinetuneSettings::fromJson(settings);
    // Defaults that suit the chosen method and objective; flags override them.
    nlohmann::json train =
        (o.demo ? finetune::demoFinetuneTrainConfig(config.finetune.method, config.finetune.objective)
                : finetune::finetuneTrainDefaults(config.finetune.method, config.finetune.objective))
            .toJson();
    o.trainFlags.applyTo(train);
    train["dataset"] = "(shaped into the run folder)";
    config.train = train::TrainConfig::fromJson(train);
    config.finetune.validate();
    return config;
}

int exitCodeFor(train::TrainOutcome outcome)
{
    switch (outcome) {
    case train::TrainOutcome::Cancelled: return kExitCancelled;
    case train::TrainOutcome::Diverged: return kExitDiverged;
    default: return kExitOk;
    }
}

void runCheck(CliContext& ctx, const FinetuneCommand& o)
{
    auto project = ctx.project();
    const finetune::FinetuneConfig config = buildConfig(o, project);
    const auto progress = [&](const std::string& m) {
        if (!ctx.events)
            std::cerr << m << std::endl;
    };
    if (config.finetune.objective == "classify")
        printCheckReport(ctx, finetune::checkClassification(project, config, progress));
    else
        printCheckReport(ctx, finetune::checkFinetune(project, config, progress));
}

void finetuneInThisProcess(CliContext& ctx, FinetuneCommand& o)
{
    if (o.check) {
        if (o.resume > 0)
            throw Error("--check looks at a new fine-tune: give it without --resume");
        runCheck(ctx, o);
        return;
    }
    if (o.resume > 0)
        o.distributed.followRecordedWorld(ctx, o.resume);
    if (o.distributed.launches()) {
        ctx.exitCode = launchWorkers(ctx, o.distributed);
        return;
    }
    auto project = ctx.project();
    auto group = o.distributed.joinFromEnvironment();
    if (group && group->rank() != 0) {
        // Rank 0 owns the store, the run folder and the output; this rank only trains.
        train::TrainControl control;
        ControlChannel channel(control, false);
        ctx.exitCode = exitCodeFor(finetune::followFinetune(project, group, control).outcome);
        return;
    }
    train::TrainControl control;
    ControlChannel channel(control, ctx.events);
    TrainPrinter printer;
    CheckpointEvaluator evaluator(ctx, project, parseEvalTasks(o.evalTasks));
    train::EventSink print = [&](const nlohmann::json& e) {
        if (ctx.events) {
            ctx.emit(e);
        } else if (e.value("event", "") == "comparison") {
            ctx.say("held-out prompts, answered by the base and by the fine-tuned model:");
            int base = 0, tuned = 0;
            for (const auto& item : e["items"]) {
                base += item.value("base_exact", false);
                tuned += item.value("finetuned_exact", false);
                ctx.say("  prompt:     " + item["prompt"].get<std::string>());
                ctx.say("  expected:   " + item["reference"].get<std::string>());
                ctx.say("  base:       " + item["base"].get<std::string>());
                ctx.say("  fine-tuned: " + item["finetuned"].get<std::string>());
            }
            ctx.say("exact match: base " + std::to_string(base) + "/" + std::to_string(e["items"].size()) +
                    ", fine-tuned " + std::to_string(tuned) + "/" + std::to_string(e["items"].size()));
        } else if (auto line = printer.lineFor(e)) {
            ctx.say(*line);
        }
    };
    train::EventSink sink = [&](const nlohmann::json& e) {
        print(e);
        for (const auto& result : evaluator.onEvent(e))
            print(result);
    };
    finetune::FinetuneRunOutcome outcome;
    if (o.resume > 0) {
        const auto given = o.trainFlags.given();
        for (const auto& key : given)
            if (key != "max_steps")
                throw Error("--" + key + ": settings of a run cannot change when resuming (only --max-steps can)");
        if (!o.finetuneFlags.given().empty())
            throw Error("--resume continues a fine-tune as it was configured: give only --max-steps (and "
                        "--eval-task) with it");
        std::optional<int64_t> maxSteps;
        if (!given.empty()) {
            nlohmann::json values = {{"max_steps", int64_t(0)}};
            o.trainFlags.applyTo(values);
            maxSteps = values["max_steps"].get<int64_t>();
        }
        outcome = finetune::resumeFinetune(project, o.resume, maxSteps, control, sink, group);
    } else {
        finetune::FinetuneRequest request;
        request.config = buildConfig(o, project);
        request.name = o.name;
        request.tags = o.tags;
        request.notes = o.notes;
        request.compareAnswers = o.compare;
        outcome = finetune::startFinetune(project, request, control, sink, group);
    }
    if (!ctx.events && !outcome.result.adapterDir.empty())
        ctx.say("adapter: " + outcome.result.adapterDir);
    ctx.exitCode = exitCodeFor(outcome.result.train.outcome);
}

void runFinetune(CliContext& ctx, FinetuneCommand& o)
{
    try {
        finetuneInThisProcess(ctx, o);
    } catch (const distributed::PeerFailure& e) {
        // Not a usage error: another process of the run failed.
        throw std::runtime_error(e.what());
    }
}

} // namespace

void registerFinetuneCommand(CLI::App& app, CliContext& context)
{
    auto o = std::make_shared<FinetuneCommand>();
    auto* cmd = app.add_subcommand(
        "finetune", "Fine-tune a model on a chat or preference dataset (full weights, LoRA, QLoRA or DoRA; SFT, DPO, "
                    "IPO, ORPO or SimPO), check one first (--check), or resume a fine-tune");
    cmd->add_option("--name", o->name, "Run name (default: <method>-<dataset>-<n>)");
    cmd->add_option("--tag", o->tags, "Tag the run (repeatable)");
    cmd->add_option("--notes", o->notes, "Free-text notes stored with the run");
    cmd->add_option("--resume", o->resume,
                    "Continue fine-tune RUN (its id) from its newest checkpoint, on as many processes as it last "
                    "trained on (--nproc-per-node changes that); with --max-steps, extend a finished one");
    cmd->add_option("--compare", o->compare,
                    "Held-out prompts answered by the base and the fine-tuned model side by side at the end (0: none)")
        ->check(CLI::Range(0, 100))
        ->capture_default_str();
    cmd->add_option("--eval-task", o->evalTasks,
                    "Evaluate each checkpoint as it is written (repeatable; a resumed fine-tune keeps its tasks; an "
                    "adapter checkpoint is evaluated on the base with the adapter applied): " +
                        eval::evalTaskSpecHelp());
    cmd->add_flag("--demo", o->demo,
                  "Fine-tune the demo model (train it first with `llmwb train --demo`) on the demo questions (with "
                  "--objective classify: the demo messages, spam or ham), with settings that take about a minute "
                  "on two cores");
    cmd->add_flag("--check", o->check,
                  "Check the data, the settings and the memory and time it would take, and stop (exit 1 when "
                  "something would make the fine-tune useless)");
    o->finetuneFlags.add(cmd, finetune::finetuneSettingsHelp(), finetune::FinetuneSettings().toJson(), "Fine-tune",
                         true);
    std::vector<std::pair<std::string, std::string>> trainHelp;
    for (const auto& field : train::trainConfigHelp())
        if (finetuneTakesTrainField(field.first) && field.first != "dataset")
            trainHelp.push_back(field);
    o->trainFlags.add(cmd, trainHelp, finetune::finetuneTrainDefaults().toJson(),
                      "Training (defaults for LoRA SFT; the learning rate follows the method and objective)");
    o->distributed.add(cmd);
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runFinetune(context, *o); });
}

} // namespace lw::cli
