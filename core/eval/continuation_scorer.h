#pragma once
// Log-likelihood of continuations given a context: the score behind multiple-choice
// tasks (each choice is a continuation of the question) and perplexity windows.
//
// score() sums log p(token | everything before it) over each continuation's tokens, as
// lm-evaluation-harness's loglikelihood requests do. When context + continuation is
// longer than the model's context window, the oldest context tokens are dropped (the
// continuation is always scored whole; one longer than the window is an lw::Error).
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

private:
    model::Transformer m_model;
};

} // namespace lw::eval
