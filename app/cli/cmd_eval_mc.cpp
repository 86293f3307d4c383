// llmwb eval mc: a model's accuracy on multiple-choice questions (MMLU, HellaSwag, ARC
// or any file in their layouts), scored and prompted as lm-evaluation-harness does.
#include "app/cli/cli_job.h"
#include "app/cli/cmd_eval.h"
#include "core/catalog/model_loader.h"
#include "core/eval/eval_tasks.h"
#include "core/eval/subject_scores.h"
#include "core/util/atomic_file.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"

#include <chrono>
#include <cmath>
#include <filesystem>

namespace lw::cli {

namespace {

struct EvalMcCommand {
    std::string model;
    std::string data;
    std::string layout = "auto";
    int64_t shots = 0;
    uint64_t seed = 1234;
    int64_t limit = -1;
    std::string device = "cpu";
    int threads = 0;
    bool json = false;
    std::string perExample;
};

void writeMcExamples(const std::string& path, const std::vector<nlohmann::json>& examples)
{
    util::AtomicFileWriter file(path);
    for (const auto& e : examples)
        file.write(e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    file.commit();
}

std::string mcPercent(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%%", 100.0 * value);
    return text;
}

// "±" and the error, or nothing when it is unknown (a subject of one item).
std::string mcStderr(double stderror)
{
    return std::isnan(stderror) ? std::string() : " ± " + mcPercent(stderror);
}

// One line per subject ("\n  algebra: acc 25.00% ± 4.35%, acc_norm ... (n = 100)"), as
// the Evaluate panel's "By subject" table shows them; "" without subjects.
std::string subjectLines(const nlohmann::json& summary)
{
    std::string lines;
    for (const eval::SubjectScore& s : eval::subjectScoresOf(summary))
        lines += "\n  " + s.subject + ": acc " + mcPercent(s.acc) + mcStderr(s.accStderr) + ", acc_norm " +
                 mcPercent(s.accNorm) + mcStderr(s.accNormStderr) + " (n = " + std::to_string(s.n) + ")";
    return lines;
}

void runEvalMc(CliContext& ctx, const EvalMcCommand& o)
{
    const auto started = std::chrono::steady_clock::now();
    eval::ChoiceTaskSettings settings;
    settings.data = o.data;
    if (o.layout != "auto")
        settings.layout = eval::choiceLayoutFromName(o.layout);
    settings.shots = o.shots;
    settings.seed = o.seed;
    settings.limit = o.limit;
    const store::Project project = ctx.project();
    const eval::ChoiceData data = eval::loadChoiceData(project, settings);

    util::configureThreads(o.threads);
    const catalog::ModelLocation location = catalog::locateModel(o.model, &project);
    catalog::LoadedModel loaded = catalog::loadModel(location, torch::Device(o.device));

    CancelOnSignal cancel;
    ProgressLine line("evaluating");
    auto report = progressReporter(ctx, line, cancel, "eval");
    eval::TaskOutcome outcome;
    cancel.run(ctx, [&] { outcome = eval::runChoiceTask(data, loaded, settings, report); });
    line.finish();
    if (ctx.exitCode == kExitCancelled)
        return;

    const int64_t id = storeTaskOutcomeNow(project, "mc", o.model, location, outcome, started);
    nlohmann::json summary = outcome.summary;
    summary["evaluation_id"] = id;
    if (!o.perExample.empty())
        writeMcExamples(o.perExample, outcome.examples);

    printResult(ctx, o.json, summary,
                "acc " + mcPercent(summary["acc"].get<double>()) + ", acc_norm " +
                    mcPercent(summary["acc_norm"].get<double>()) + " on " +
                    std::to_string(summary["n"].get<int64_t>()) +
                    " items of " + data.dataset + " (" + std::string(eval::choiceLayoutName(data.task.layout)) + ", " +
                    std::to_string(o.shots) + "-shot); evaluation " + std::to_string(id) + subjectLines(summary));
}

} // namespace

void registerEvalMcCommand(CLI::App& eval, CliContext& context)
{
    auto o = std::make_shared<EvalMcCommand>();
    auto* cmd = eval.add_subcommand("mc", "Multiple-choice accuracy (acc, acc_norm) on MMLU-, HellaSwag- or "
                                          "ARC-style questions, as lm-evaluation-harness scores them");
    cmd->add_option("--model", o->model, "The model: a run id (\"3\", \"3:best\"), a checkpoint, a model of the "
                                         "project, a Hugging Face folder or a .gguf file")
        ->required();
    cmd->add_option("--data", o->data, "A file (JSONL, JSON, CSV, TSV, Parquet) or a dataset of choice records")
        ->required();
    cmd->add_option("--layout", o->layout, "How rows and prompts are laid out")
        ->check(CLI::IsMember({"auto", "mmlu", "hellaswag", "arc", "generic"}))
        ->capture_default_str();
    cmd->add_option("--shots", o->shots, "Solved examples before each question")->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--seed", o->seed, "Seed of the few-shot draw")->capture_default_str();
    cmd->add_option("--limit", o->limit, "Evaluate only the first N items (-1: all)")->capture_default_str();
    cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--threads", o->threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_flag("--json", o->json, "Print one JSON object: acc, acc_norm, their stderr, n, subjects, evaluation_id");
    cmd->add_option("--per-example", o->perExample,
                    "Write one JSON line per item: gold, predictions and every choice's log-probability, "
                    "token count and character count");
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runEvalMc(context, *o); });
}

} // namespace lw::cli
