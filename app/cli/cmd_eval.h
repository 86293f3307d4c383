#pragma once
// `llmwb eval`: one subcommand per task, each in its own file (cmd_eval_<task>.cpp).
//
// Every task that evaluates a model stores the evaluation in the project (task, model,
// dataset, settings, summary, per-example results, tool version) and prints its summary:
// a sentence, one JSON line with --json, or with --events "progress" events (stage
// "eval", fraction, message) and a "result" event carrying the summary and
// "evaluation_id". SIGINT/SIGTERM cancel (exit status 3) and store nothing.
#include "app/cli/cli_context.h"
#include "core/catalog/model_locator.h"
#include "core/eval/eval_tasks.h"
#include "core/store/records.h"

#include <chrono>

#include <string>
#include <vector>

namespace lw::cli {

void registerEvalCommands(CLI::App& app, CliContext& context);
// scrub: every checkpoint of a run (cmd_eval_scrub.cpp).
void registerEvalScrubCommand(CLI::App& eval, CliContext& context);
// list, show, delete (cmd_eval_store.cpp).
void registerEvalStoreCommands(CLI::App& eval, CliContext& context);

// bleu, chrf and rouge: reference-based text metrics that print only (cmd_eval_metrics.cpp).
void registerEvalMetricCommands(CLI::App& eval, CliContext& context);
void registerEvalPerplexity(CLI::App& eval, CliContext& context);
void registerEvalMcCommand(CLI::App& eval, CliContext& context);

// The tool version stored with every evaluation.
std::string evalToolVersion();

// Stores a task's outcome as an evaluation of `modelSpec` with this tool's version and the
// time since `started`; returns its id.
int64_t storeTaskOutcomeNow(const store::Project& project, const std::string& task, const std::string& modelSpec,
                            const catalog::ModelLocation& location, const eval::TaskOutcome& outcome,
                            std::chrono::steady_clock::time_point started);

// Stores the evaluation and its per-example results; returns its id.
int64_t storeEvaluation(const store::Project& project, const store::EvaluationRecord& record,
                        const std::vector<store::Json>& examples);

} // namespace lw::cli
