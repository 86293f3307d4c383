#pragma once
// Log-likelihood of continuations given a context: the score behind multiple-choice
// tasks (each choice is a continuation of the question) and perplexity windows.
//
// score() sums log p(token | everything before it) over each continuation's tokens, as
// lm-evaluation-harness's loglikelihood requests do. When context + continuation is
// longer than the model's context window, the oldest context tokens are dropped (the
// continuation is always scored whole; one longer than the window is an lw::Error).
//
// score() runs the shared context once and keeps its keys and values (model::KvCache):
// every continuation of it then costs only its own tokens, all of them in one batched
// pass, and the output head sees only the rows that score a token. A HellaSwag item is
// one pass over the context and one over its four endings, not four full passes.
// scoreReference() is the plain form (one full pass per continuation), kept as the
// definition the fast path is tested against.
#include "core/model/transformer.h"

#include <cstdint>
#include <vector>

namespace lw::eval {

struct ContinuationScore {
    double logprob = 0;  // summed over the continuation's tokens
    int64_t tokens = 0;  // how many were scored
    bool greedy = false; // every continuation token was the argmax of its distribution
};

class ContinuationScorer {
public:
    explicit ContinuationScorer(model::Transformer model);

    // One score per continuation, in order. context must not be empty (a model that
    // needs a start token gets it in context). Continuations must not be empty.
    std::vector<ContinuationScore> score(const std::vector<int32_t>& context,
                                         const std::vector<std::vector<int32_t>>& continuations);
    // The same scores, each continuation through its own full forward pass.
    std::vector<ContinuationScore> scoreReference(const std::vector<int32_t>& context,
                                                  const std::vector<std::vector<int32_t>>& continuations);

private:
    // Scores continuations[i] for i in `members`, all of which keep the newest `kept`
    // context tokens, into scores.
    void scoreGroup(const std::vector<int32_t>& context, int64_t kept,
                    const std::vector<std::vector<int32_t>>& continuations, const std::vector<size_t>& members,
                    std::vector<ContinuationScore>& scores);

    model::Transformer m_model;
};

} // namespace lw::eval
