#pragma once
// LLM-as-judge over a model's answers: each answer graded by the rubric (a score), or,
// with a pairwise rubric, compared with another model's answer to the same prompt in
// both orders (the model's answer first as A, then as B) to cancel the judge's position
// bias. A reply that cannot be read is "unparsed": counted and listed, never scored; a
// request that failed is an error for that example, and the others go on.
#include "core/eval/answer_generation.h"
#include "core/eval/judge_client.h"
#include "core/eval/judge_rubric.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lw::eval {

// Sends one conversation to the judge (JudgeClient::ask, or a stand-in).
using JudgeAsk = std::function<JudgeReply(const std::vector<generate::ChatMessage>& messages)>;

struct JudgedExample {
    AnswerRow row;
    bool pairwise = false;
    std::string otherAnswer;             // pairwise: the other model's answer
    std::optional<double> score;         // graded rubrics, when parsed
    std::optional<PairOutcome> outcome;  // pairwise, when both orders parsed
    std::vector<std::string> verdicts;   // pairwise: each order's verdict ("A", "B", "tie", "unparsed")
    std::string reason;                  // the judge's full reply (pairwise: both, one after the other)
    int attempts = 0;                    // requests sent for this example, retries included
    bool parsed = false;
    std::string error;                   // the failed request, when one failed

    // index, prompt, answer, reference, score or verdict (and other_answer, verdicts),
    // reason, attempts, parsed, error.
    nlohmann::json toJson() const;
};

struct JudgeRunOptions {
    int concurrency = 1; // judge requests in flight at once
    // Called on the calling thread as examples finish; false cancels (lw::Error "cancelled").
    std::function<bool(double fraction, const std::string& detail)> progress;
};

// `otherAnswers` (pairwise rubrics only) holds the other model's answers in the same order.
std::vector<JudgedExample> judgeAnswers(const JudgeRubric& rubric, const JudgeAsk& ask,
                                        const std::vector<AnswerRow>& answers,
                                        const std::vector<AnswerRow>* otherAnswers, const JudgeRunOptions& options);

// n, scored, unparsed, errors, unparsed_indices, error_indices, and mean_score (null when
// nothing was scored) or wins/ties/losses with their rates over the compared examples.
nlohmann::json judgeSummary(const JudgeRubric& rubric, const std::vector<JudgedExample>& judged);

} // namespace lw::eval
