#pragma once
// Scores multiple-choice items as lm-evaluation-harness does: each choice's summed
// log-probability as a continuation of the prompt; acc takes the argmax of those sums,
// acc_norm the argmax of sum / len(choice text); ties go to the first choice (numpy's
// argmax). Standard errors are the harness's mean_stderr: sample standard deviation
// (n - 1) over sqrt(n), i.e. sqrt(p (1 - p) / (n - 1)) for a 0/1 metric.
#include "core/eval/choice_prompts.h"
#include "core/eval/choice_tasks.h"
#include "core/eval/continuation_scorer.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace lw::eval {

// One item, ready to score.
struct ChoiceRequest {
    size_t index = 0;    // the item's index in its task
    std::string subject; // "" when none
    int64_t gold = -1;
    ChoiceTokens tokens;
};

struct ChoiceOutcome {
    double logprob = 0;    // summed over the continuation's tokens
    int64_t tokens = 0;    // continuation tokens scored
    int64_t characters = 0;
};

struct ChoiceExampleResult {
    size_t index = 0;
    std::string subject;
    int64_t gold = -1;
    int64_t predicted = -1;     // argmax of logprob (acc)
    int64_t predictedNorm = -1; // argmax of logprob / characters (acc_norm)
    std::vector<ChoiceOutcome> choices;
};

struct SubjectFigures {
    double acc = 0, accNorm = 0;
    int64_t n = 0;
};

struct ChoiceSummary {
    double acc = 0, accNorm = 0;
    double accStderr = 0, accNormStderr = 0; // NaN below two items
    int64_t n = 0;
    std::map<std::string, SubjectFigures> subjects; // empty when no item has a subject
};

struct ChoiceEvaluation {
    ChoiceSummary summary;
    std::vector<ChoiceExampleResult> examples;
};

// lm-evaluation-harness's mean_stderr of a list of values.
double meanStderr(const std::vector<double>& values);

// The decisions of one item from its choices' scores.
ChoiceExampleResult decideChoice(const ChoiceRequest& request, std::vector<ChoiceOutcome> outcomes);

ChoiceSummary summarizeChoices(const std::vector<ChoiceExampleResult>& examples);

// Called after each item with (items done, items in all); returning false cancels.
using ChoiceProgress = std::function<bool(size_t done, size_t total)>;

// Scores every request in order. A cancel throws lw::Error("evaluation cancelled").
ChoiceEvaluation evaluateChoices(ContinuationScorer& scorer, const std::vector<ChoiceRequest>& requests,
                                 const ChoiceProgress& progress = {});

// The requests of a task's first `limit` items (-1: all), prompted and tokenized.
std::vector<ChoiceRequest> choiceRequests(const ChoiceTask& task, const FewShotSettings& shots, int64_t limit,
                                          const tokenizer::Tokenizer& tokenizer, const std::vector<int32_t>& prefix);

} // namespace lw::eval
