// llmwb eval scrub: evaluate every checkpoint a run left on the same tasks, so that the
// scores can be charted against the training step (the Runs and Evaluate panels do).
#include "app/cli/checkpoint_evaluator.h"
#include "app/cli/cli_job.h"
#include "app/cli/cmd_eval.h"
#include "core/eval/checkpoint_evaluation.h"
#include "core/store/store.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"

#include <cstdio>
#include <set>

namespace lw::cli {

namespace {

struct EvalScrubCommand {
    int64_t run = 0;
    std::vector<std::string> tasks;
    bool again = false;
    std::string device = "cpu";
    int threads = 0;
    bool json = false;
};

// (step, spec) pairs this run already has evaluations for.
std::set<std::pair<int64_t, std::string>> evaluatedSteps(store::Store& store, int64_t runId)
{
    std::set<std::pair<int64_t, std::string>> done;
    store::EvaluationQuery query;
    query.runId = runId;
    for (const auto& e : store.listEvaluations(query))
        if (e.step && e.settings.contains("spec") && e.settings["spec"].is_string())
            done.insert({*e.step, e.settings["spec"].get<std::string>()});
    return done;
}

void runEvalScrub(CliContext& ctx, const EvalScrubCommand& o)
{
    const store::Project project = ctx.project();
    std::vector<eval::EvalTaskSpec> tasks = parseEvalTasks(o.tasks);
    store::Store store = project.openStore();
    store.run(o.run); // lw::Error when there is no such run
    if (tasks.empty())
        tasks = eval::runEvalTasks(store, o.run);
    if (tasks.empty())
        throw Error("--task: name at least one task (" + eval::evalTaskSpecHelp() + ")");
    const auto checkpoints = eval::runCheckpoints(store, o.run);
    if (checkpoints.empty())
        throw Error("--run: run " + std::to_string(o.run) + " has no checkpoint files left to evaluate");
    const auto done = evaluatedSteps(store, o.run);

    // The work: each checkpoint with the tasks it still lacks.
    std::vector<std::pair<eval::RunCheckpoint, std::vector<eval::EvalTaskSpec>>> work;
    for (const auto& checkpoint : checkpoints) {
        std::vector<eval::EvalTaskSpec> missing;
        for (const auto& task : tasks)
            if (o.again || !done.count({checkpoint.step, task.text}))
                missing.push_back(task);
        if (!missing.empty())
            work.push_back({checkpoint, missing});
    }
    util::configureThreads(o.threads);
    CancelOnSignal cancel;
    ProgressLine line("scrubbing");
    auto report = progressReporter(ctx, line, cancel, "eval");
    nlohmann::json results = nlohmann::json::array();
    cancel.run(ctx, [&] {
        for (size_t i = 0; i < work.size(); ++i) {
            const auto& [checkpoint, missing] = work[i];
            const auto progress = [&](double fraction, const std::string& detail) {
                return report((double(i) + fraction) / double(work.size()),
                              "step " + std::to_string(checkpoint.step) + ", " + detail);
            };
            for (const auto& r : eval::evaluateCheckpoint(project, o.run, checkpoint.step, checkpoint.path, missing,
                                                          evalToolVersion(), o.device, progress,
                                                          runCheckpointLoader(project)))
                results.push_back(
                    {{"step", r.step}, {"spec", r.spec}, {"evaluation_id", r.evaluationId}, {"summary", r.summary}});
        }
    });
    line.finish();
    if (ctx.exitCode == kExitCancelled)
        return;
    const nlohmann::json summary = {{"run_id", o.run},
                                    {"checkpoints", checkpoints.size()},
                                    {"evaluated", results.size()},
                                    {"skipped", checkpoints.size() * tasks.size() - results.size()},
                                    {"results", results}};
    std::string human = std::to_string(results.size()) + " evaluations of run " + std::to_string(o.run) + "'s " +
                        std::to_string(checkpoints.size()) + " checkpoints";
    for (const auto& r : results) {
        const auto& s = r["summary"];
        const char* key = s.contains("perplexity") ? "perplexity" : "acc";
        char row[160];
        std::snprintf(row, sizeof row, "\n  step %8lld  %s %.4f  (%s)", static_cast<long long>(r["step"].get<int64_t>()),
                      key, s.value(key, 0.0), r["spec"].get<std::string>().c_str());
        human += row;
    }
    printResult(ctx, o.json, summary, human);
}

} // namespace

void registerEvalScrubCommand(CLI::App& eval, CliContext& context)
{
    auto o = std::make_shared<EvalScrubCommand>();
    auto* cmd = eval.add_subcommand("scrub", "Evaluate every checkpoint of a run on the same tasks (score against "
                                             "training step); checkpoints already evaluated on a task are skipped");
    cmd->add_option("--run", o->run, "The run (its id)")->required();
    cmd->add_option("--task", o->tasks, "A task (repeatable; default: the tasks the run trained with): " +
                                            eval::evalTaskSpecHelp());
    cmd->add_flag("--again", o->again, "Evaluate checkpoints that already have the task's evaluation too");
    cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--threads", o->threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_flag("--json", o->json, "Print one JSON object: run_id, checkpoints, evaluated, skipped, results "
                                     "[{step, spec, evaluation_id, summary}]");
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runEvalScrub(context, *o); });
}

} // namespace lw::cli
