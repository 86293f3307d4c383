#include "core/generate/token_sampler.h"

#include "core/model/vector_math.h"

#include <cmath>
#include <cstring>

namespace lw::generate {

namespace {

uint64_t splitMix64(uint64_t& x)
{
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

} // namespace

TokenSampler::TokenSampler(const SamplerSettings& settings) : m_settings(settings)
{
    uint64_t seed = settings.seed;
    for (auto& word : m_state)
        word = splitMix64(seed);
}

double TokenSampler::uniform()
{
    // xoshiro256** (Blackman and Vigna).
    const uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return double(result >> 11) * 0x1.0p-53;
}

TokenChoice TokenSampler::choose(float* logits, int64_t vocab, const std::vector<int32_t>& context)
{
    const SamplerSettings& s = m_settings;
    // The model's own distribution, before any setting changes the row.
    const double modelLse = logSumExp(logits, vocab, 1.0, m_scratch);
    TokenChoice choice;
    if (s.top_alternatives > 0) {
        topKCandidates(logits, vocab, s.top_alternatives, m_candidates);
        for (const Candidate& c : m_candidates)
            choice.alternatives.push_back({c.token, float(std::exp(double(c.logit) - modelLse)), {}});
    }
    const float* raw = logits;
    if (s.penalised()) {
        m_raw.assign(logits, logits + vocab);
        raw = m_raw.data();
        countRecentTokens(context, s.penalty_window, m_counts);
        applyPenalties(logits, vocab, m_counts, s.repetition_penalty, s.presence_penalty, s.frequency_penalty);
    }

    if (s.greedy()) {
        choice.token = argmaxToken(logits, vocab);
        choice.samplingProbability = 1.0f;
    } else if (filteredDistribution(logits, vocab, s, m_distribution, m_candidates, m_scratch)) {
        double u = uniform(), cumulative = 0;
        choice.token = m_distribution.back().token;
        choice.samplingProbability = m_distribution.back().probability;
        for (const WeightedToken& w : m_distribution) {
            cumulative += w.probability;
            if (u < cumulative) {
                choice.token = w.token;
                choice.samplingProbability = w.probability;
                break;
            }
        }
    } else {
        // The whole vocabulary: exp((l - max) / T) in scratch, then one cumulative scan.
        const float maxLogit = model::vmath::maxOf(logits, vocab);
        if (m_scratch.size() < size_t(vocab))
            m_scratch.resize(size_t(vocab));
        float* w = m_scratch.data();
        const float inv = float(1.0 / s.temperature);
        for (int64_t i = 0; i < vocab; ++i)
            w[i] = (logits[i] - maxLogit) * inv;
        const double sum = model::vmath::expShiftedSum(w, w, vocab, 0.0f);
        const double target = uniform() * sum;
        double cumulative = 0;
        int64_t pick = -1;
        for (int64_t i = 0; i < vocab; ++i) {
            cumulative += w[i];
            if (target < cumulative) {
                pick = i;
                break;
            }
        }
        if (pick < 0) // rounding left the target past the end: the last token with weight
            for (pick = vocab - 1; pick > 0 && w[pick] == 0.0f; --pick) {
            }
        choice.token = int32_t(pick);
        choice.samplingProbability = float(double(w[pick]) / sum);
    }
    choice.probability = float(std::exp(double(raw[choice.token]) - modelLse));
    return choice;
}

} // namespace lw::generate
