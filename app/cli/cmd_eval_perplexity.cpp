// llmwb eval perplexity: sliding-window perplexity and bits per byte of a text file or
// a dataset version (core/eval/perplexity.h), stored as an evaluation of the project.
#include "app/cli/cli_job.h"
#include "app/cli/cmd_eval.h"
#include "core/catalog/model_loader.h"
#include "core/eval/eval_tasks.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

namespace lw::cli {

namespace {

struct EvalPerplexityCommand {
    std::string model;
    std::string dataset;
    std::string textFile;
    eval::PerplexityOptions options;
    std::string device = "cpu";
    int threads = 0;
    bool json = false;
};

void runEvalPerplexity(CliContext& ctx, const EvalPerplexityCommand& o)
{
    if (o.dataset.empty() == o.textFile.empty())
        throw Error("give one of --dataset D or --text-file F");
    const auto started = std::chrono::steady_clock::now();
    util::configureThreads(o.threads);
    const store::Project project = ctx.project();
    const catalog::ModelLocation location = catalog::locateModel(o.model, &project);
    catalog::LoadedModel loaded = catalog::loadModel(location, torch::Device(o.device));

    CancelOnSignal cancel;
    ProgressLine line("evaluating");
    auto report = progressReporter(ctx, line, cancel, "eval");
    eval::TaskOutcome outcome;
    cancel.run(ctx, [&] {
        eval::PerplexityTaskSettings settings;
        settings.dataset = o.dataset;
        settings.textFile = o.textFile;
        settings.options = o.options;
        outcome = eval::runPerplexityTask(project, loaded, settings, report);
    });
    line.finish();
    if (ctx.exitCode == kExitCancelled)
        return;

    outcome.settings["device"] = o.device;
    store::Json summary = outcome.summary;
    summary["evaluation_id"] = storeTaskOutcomeNow(project, "perplexity", o.model, location, outcome, started);
    char human[256];
    std::snprintf(human, sizeof human, "perplexity %.4f, %.4f bits per byte (%lld tokens, %lld bytes, %lld windows)",
                  summary["perplexity"].get<double>(), summary["bits_per_byte"].get<double>(),
                  static_cast<long long>(summary["tokens"].get<int64_t>()),
                  static_cast<long long>(summary["bytes"].get<int64_t>()),
                  static_cast<long long>(summary["windows"].get<int64_t>()));
    printResult(ctx, o.json, summary, human);
}

} // namespace

void registerEvalPerplexity(CLI::App& eval, CliContext& context)
{
    auto o = std::make_shared<EvalPerplexityCommand>();
    auto* cmd = eval.add_subcommand("perplexity", "Sliding-window perplexity and bits per byte of a text or dataset");
    cmd->add_option("--model", o->model, "The model (every form `llmwb models` names)")->required();
    cmd->add_option("--dataset", o->dataset, "A dataset version (name or folder): its rows' text, joined");
    cmd->add_option("--text-file", o->textFile, "A UTF-8 text file");
    cmd->add_option("--context", o->options.context, "Tokens per window (0: the model's context)")->capture_default_str();
    cmd->add_option("--stride", o->options.stride, "Tokens between window starts (0: half the window)")
        ->capture_default_str();
    cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--threads", o->threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_flag("--json", o->json, "Print one JSON line: perplexity, bits_per_byte, tokens, bytes, nll, windows, "
                                     "evaluation_id");
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runEvalPerplexity(context, *o); });
}

} // namespace lw::cli
