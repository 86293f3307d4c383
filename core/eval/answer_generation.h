#pragma once
// A model's greedy answers to the examples of a data file: each prompt rendered with a
// chat template, the answer generated up to the template's end of turn (its stop
// strings), the tokenizer's end of text or a token limit.
#include "core/eval/eval_examples.h"
#include "core/generate/generator.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::eval {

struct AnswerRow {
    int64_t index = 0;
    std::string prompt;
    std::string answer;
    std::string reference;
    std::string stopReason; // "eos", "stop", "max_tokens", ...
    int64_t tokens = 0;     // generated

    nlohmann::json toJson() const; // index, prompt, answer, reference
};

// The request for one example's turns: the template's prompt (with the tokenizer's BOS
// where the model needs it) and greedy settings with the template's stop strings.
using AnswerRequestBuilder = std::function<generate::GenerationRequest(
    const std::vector<generate::ChatMessage>& turns, const generate::SamplerSettings& settings)>;

struct AnswerGenerationOptions {
    int64_t maxNewTokens = 256;
    // Called after each answer with the fraction done; false cancels (lw::Error "cancelled").
    std::function<bool(double fraction, const std::string& detail)> progress;
    // Polled between tokens: true stops the answer being written and cancels.
    std::function<bool()> stopRequested;
};

// Greedy settings (temperature 0) with at most `maxNewTokens` new tokens.
generate::SamplerSettings greedyAnswerSettings(int64_t maxNewTokens);

// One answer per example, in order. lw::Error "cancelled" when progress or stopRequested said so.
std::vector<AnswerRow> generateAnswers(generate::Generator& generator, const AnswerRequestBuilder& buildRequest,
                                       const std::vector<EvalExample>& examples,
                                       const AnswerGenerationOptions& options);

} // namespace lw::eval
