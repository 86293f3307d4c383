#pragma once
// Chooses one token from a row of logits under a SamplerSettings, with a private seeded
// generator (xoshiro256**), so a draw depends only on the seed, the settings and the
// logits, never on other randomness in the process. Also reports what the decoding lab
// shows: the chosen token's probability under the model and the model's top choices.
#include "core/generate/logits_processors.h"
#include "core/generate/sampler_settings.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace lw::generate {

struct TokenAlternative {
    int32_t token = 0;
    float probability = 0; // under the model (softmax of the raw logits)
    std::string piece;     // the token's bytes, when a tokenizer is known (see GeneratedToken)
};

struct TokenChoice {
    int32_t token = 0;
    float probability = 0;         // under the model: softmax of the raw logits at temperature 1
    float samplingProbability = 0; // in the distribution it was drawn from (1 when greedy)
    std::vector<TokenAlternative> alternatives; // the model's settings.top_alternatives best, best first
};

class TokenSampler {
public:
    explicit TokenSampler(const SamplerSettings& settings);

    // `logits`: the model's raw next-token logits (vocab floats; changed in place when
    // penalties are on). `context`: every token so far, prompt included.
    TokenChoice choose(float* logits, int64_t vocab, const std::vector<int32_t>& context);

    // Uniform in [0, 1), from 53 random bits.
    double uniform();

    const SamplerSettings& settings() const { return m_settings; }

private:
    SamplerSettings m_settings;
    std::array<uint64_t, 4> m_state{};
    std::vector<float> m_raw, m_scratch;
    std::vector<TokenCount> m_counts;
    std::vector<Candidate> m_candidates;
    std::vector<WeightedToken> m_distribution;
};

} // namespace lw::generate
