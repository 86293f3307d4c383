#pragma once
// The steps that turn one row of next-token logits into the distribution a token is
// drawn from (see SamplerSettings for their order). They work on a plain float row of
// vocabulary size on the CPU and never sort the whole vocabulary: top-k keeps a heap of
// k, top-p widens a top-k search until the kept mass reaches p, min-p scans once.
#include "core/generate/sampler_settings.h"

#include <cstdint>
#include <vector>

namespace lw::generate {

struct Candidate {
    int32_t token = 0;
    float logit = 0;
};

struct TokenCount {
    int32_t token = 0;
    int32_t count = 0;
};

// Distinct tokens among the last `window` tokens of `context` (0: all) with their counts.
void countRecentTokens(const std::vector<int32_t>& context, int64_t window, std::vector<TokenCount>& counts);

// Repetition penalty as in CTRL (logit / penalty when positive, * penalty otherwise),
// then presence (- presence once) and frequency (- frequency * count) as in OpenAI's API,
// on the counted tokens only.
void applyPenalties(float* logits, int64_t vocab, const std::vector<TokenCount>& counts, double repetition,
                    double presence, double frequency);

// Index of the largest logit (the lowest index among equals).
int32_t argmaxToken(const float* logits, int64_t vocab);

// The k largest logits, sorted by logit descending, ties by token ascending. O(V log k).
void topKCandidates(const float* logits, int64_t vocab, int64_t k, std::vector<Candidate>& out);

// log(sum(exp(logits / temperature))), computed stably; scratch grows to vocab floats.
double logSumExp(const float* logits, int64_t vocab, double temperature, std::vector<float>& scratch);

// A token of the sampling distribution with its probability (they sum to one).
struct WeightedToken {
    int32_t token = 0;
    float probability = 0;
};

// The distribution the next token is drawn from after temperature, top-k, top-p and
// min-p, for penalised logits; sorted by probability descending. Returns false (and
// leaves `out` empty) when no filter is active: then every token of the vocabulary is a
// candidate with probability softmax(logits / temperature), and the caller draws from
// the whole row without building a list. Needs temperature > 0.
bool filteredDistribution(const float* logits, int64_t vocab, const SamplerSettings& settings,
                          std::vector<WeightedToken>& out, std::vector<Candidate>& candidates,
                          std::vector<float>& scratch);

} // namespace lw::generate
