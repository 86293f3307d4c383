// llmwb eval: the group; the tasks register themselves from their own files.
#include "app/cli/cmd_eval.h"

#include "core/store/store.h"

#ifndef LW_VERSION
#define LW_VERSION "0.0.0"
#endif

namespace lw::cli {

std::string evalToolVersion()
{
    return std::string("llmwb ") + LW_VERSION;
}

int64_t storeEvaluation(const store::Project& project, const store::EvaluationRecord& record,
                        const std::vector<store::Json>& examples)
{
    store::Store store = project.openStore();
    return store.addEvaluation(record, examples);
}

int64_t storeTaskOutcomeNow(const store::Project& project, const std::string& task, const std::string& modelSpec,
                            const catalog::ModelLocation& location, const eval::TaskOutcome& outcome,
                            std::chrono::steady_clock::time_point started)
{
    store::Store store = project.openStore();
    return eval::storeTaskOutcome(store, task, modelSpec, location, outcome, evalToolVersion(),
                                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

void registerEvalGenerateCommand(CLI::App& eval, CliContext& context);
#ifdef LW_WITH_JUDGE
void registerEvalJudgeCommand(CLI::App& eval, CliContext& context);
#endif

void registerEvalCommands(CLI::App& app, CliContext& context)
{
    auto* eval = app.add_subcommand("eval", "Evaluate models: perplexity, multiple choice, text metrics, judges");
    eval->require_subcommand(1);
    registerEvalStoreCommands(*eval, context);
    registerEvalMetricCommands(*eval, context);
    registerEvalPerplexity(*eval, context);
    registerEvalGenerateCommand(*eval, context);
#ifdef LW_WITH_JUDGE
    registerEvalJudgeCommand(*eval, context);
#endif
    registerEvalMcCommand(*eval, context);
    registerEvalScrubCommand(*eval, context);
}

} // namespace lw::cli
