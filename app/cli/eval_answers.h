#pragma once
// What `llmwb eval generate` and `llmwb eval judge` share: the model named by --model
// answering the prompts of a data file (--data) greedily through a chat template, with
// progress and cancel, and the dataset's description for the stored evaluation.
#include "app/cli/cli_context.h"
#include "core/catalog/model_locator.h"
#include "core/eval/answer_generation.h"
#include "core/eval/eval_examples.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::cli {

struct AnswerFlags {
    std::string model; // --model: every form catalog::locateModel takes
    std::string data;
    std::string chatTemplate; // empty: the model's own (ChatML when it has none)
    int64_t maxNewTokens = 256;
    int64_t limit = 0;
    std::string device = "cpu";
    int threads = 0;

    void add(CLI::App* command); // --model, --data and the generation options
    nlohmann::json settings() const; // template, max_new_tokens, limit
};

// Where --model points, as the stored evaluation names it.
catalog::ModelLocation locateEvalModel(const store::Project& project, const std::string& modelSpec);

// The model's answers to every example. progress(fraction, detail) false, or
// stopRequested(), cancel (lw::Error "cancelled").
// The model is `modelSpec` (flags.model, or the model compared with it).
std::vector<eval::AnswerRow> answerExamples(CliContext& ctx, const std::string& modelSpec, const AnswerFlags& flags,
                                            const std::vector<eval::EvalExample>& examples,
                                            const eval::AnswerGenerationOptions& options);

// file (absolute), sha256, rows.
nlohmann::json evalDatasetInfo(const std::string& path, size_t rows);

} // namespace lw::cli
