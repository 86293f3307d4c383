#include "core/generate/logits_processors.h"

#include "core/model/vector_math.h"

#include <algorithm>
#include <cmath>

namespace lw::generate {

namespace {

// "a ranks before b": higher logit, then lower token id, so every order is total and
// results never depend on the sort algorithm.
inline bool ranksBefore(const Candidate& a, const Candidate& b)
{
    return a.logit > b.logit || (a.logit == b.logit && a.token < b.token);
}

} // namespace

void countRecentTokens(const std::vector<int32_t>& context, int64_t window, std::vector<TokenCount>& counts)
{
    counts.clear();
    const size_t n = context.size();
    const size_t begin = window > 0 && size_t(window) < n ? n - size_t(window) : 0;
    std::vector<int32_t> recent(context.begin() + std::ptrdiff_t(begin), context.end());
    std::sort(recent.begin(), recent.end());
    for (size_t i = 0; i < recent.size();) {
        size_t j = i;
        while (j < recent.size() && recent[j] == recent[i])
            ++j;
        counts.push_back({recent[i], int32_t(j - i)});
        i = j;
    }
}

void applyPenalties(float* logits, int64_t vocab, const std::vector<TokenCount>& counts, double repetition,
                    double presence, double frequency)
{
    for (const TokenCount& c : counts) {
        if (c.token < 0 || c.token >= vocab)
            continue;
        double l = logits[c.token];
        if (repetition != 1.0)
            l = l > 0 ? l / repetition : l * repetition;
        l -= presence + frequency * double(c.count);
        logits[c.token] = float(l);
    }
}

int32_t argmaxToken(const float* logits, int64_t vocab)
{
    int64_t best = 0;
    float bestValue = logits[0];
    for (int64_t i = 1; i < vocab; ++i)
        if (logits[i] > bestValue) {
            bestValue = logits[i];
            best = i;
        }
    return int32_t(best);
}

void topKCandidates(const float* logits, int64_t vocab, int64_t k, std::vector<Candidate>& out)
{
    out.clear();
    k = std::min(k, vocab);
    if (k <= 0)
        return;
    // A heap whose front is the worst kept candidate: most tokens fail one comparison.
    auto worstFirst = [](const Candidate& a, const Candidate& b) { return ranksBefore(a, b); };
    out.reserve(size_t(k));
    for (int64_t i = 0; i < vocab; ++i) {
        Candidate c{int32_t(i), logits[i]};
        if (int64_t(out.size()) < k) {
            out.push_back(c);
            std::push_heap(out.begin(), out.end(), worstFirst);
        } else if (ranksBefore(c, out.front())) {
            std::pop_heap(out.begin(), out.end(), worstFirst);
            out.back() = c;
            std::push_heap(out.begin(), out.end(), worstFirst);
        }
    }
    std::sort(out.begin(), out.end(), ranksBefore);
}

double logSumExp(const float* logits, int64_t vocab, double temperature, std::vector<float>& scratch)
{
    const float maxLogit = model::vmath::maxOf(logits, vocab);
    if (scratch.size() < size_t(vocab))
        scratch.resize(size_t(vocab));
    float* scaled = scratch.data();
    const float inv = float(1.0 / temperature);
    for (int64_t i = 0; i < vocab; ++i)
        scaled[i] = (logits[i] - maxLogit) * inv;
    const float sum = model::vmath::expShiftedSum(scaled, scaled, vocab, 0.0f);
    return double(maxLogit) / temperature + std::log(double(sum));
}

bool filteredDistribution(const float* logits, int64_t vocab, const SamplerSettings& s, std::vector<WeightedToken>& out,
                          std::vector<Candidate>& candidates, std::vector<float>& scratch)
{
    out.clear();
    const bool topK = s.top_k > 0 && s.top_k < vocab;
    const bool topP = s.top_p < 1.0;
    const bool minP = s.min_p > 0.0;
    if (!topK && !topP && !minP)
        return false;
    const double t = s.temperature;
    double lse = 0; // of the whole row, for top-p without top-k

    if (topK) {
        topKCandidates(logits, vocab, s.top_k, candidates);
    } else if (topP) {
        // Widen the search until the kept mass reaches p (a full sort only for flat rows).
        lse = logSumExp(logits, vocab, t, scratch);
        for (int64_t k = 64;; k *= 8) {
            topKCandidates(logits, vocab, std::min(k, vocab), candidates);
            double mass = 0;
            for (const Candidate& c : candidates)
                mass += std::exp(double(c.logit) / t - lse);
            if (mass >= s.top_p || k >= vocab)
                break;
        }
    } else {
        // min-p alone: everything within log(min_p) of the best, in one scan.
        const float maxLogit = model::vmath::maxOf(logits, vocab);
        const double threshold = double(maxLogit) + t * std::log(s.min_p);
        candidates.clear();
        for (int64_t i = 0; i < vocab; ++i)
            if (double(logits[i]) >= threshold)
                candidates.push_back({int32_t(i), logits[i]});
        std::sort(candidates.begin(), candidates.end(), ranksBefore);
    }

    // Weights relative to the best candidate; the mass top-p compares against is that
    // of the tokens still in play (all of them without top-k, the k with it).
    const double best = candidates.front().logit;
    std::vector<double> weights(candidates.size());
    double kept = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
        weights[i] = std::exp((double(candidates[i].logit) - best) / t);
        kept += weights[i];
    }
    double total = kept;
    if (topP && !topK)
        total = std::exp(lse - best / t);

    size_t keep = candidates.size();
    if (topP) {
        double cumulative = 0;
        for (size_t i = 0; i < candidates.size(); ++i) {
            cumulative += weights[i] / total;
            if (cumulative >= s.top_p) {
                keep = i + 1;
                break;
            }
        }
    }
    if (minP) {
        // weights[0] is 1: the best token's weight.
        size_t i = 1;
        while (i < keep && weights[i] >= s.min_p)
            ++i;
        keep = i;
    }
    double sum = 0;
    for (size_t i = 0; i < keep; ++i)
        sum += weights[i];
    out.resize(keep);
    for (size_t i = 0; i < keep; ++i)
        out[i] = {candidates[i].token, float(weights[i] / sum)};
    return true;
}

} // namespace lw::generate
