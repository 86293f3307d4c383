#include "core/generate/beam_search.h"

#include "core/generate/logits_processors.h"

#include <algorithm>
#include <cmath>

namespace lw::generate {

namespace {

struct Beam {
    int64_t slot = 0;
    BeamHypothesis hypothesis;
};

struct Expansion {
    size_t parent = 0;
    int32_t token = 0;
    double logProbability = 0; // of the whole continuation
    float tokenLogProb = 0;    // raw model log-probability of the token
};

double lengthNormalised(double logProbability, size_t length, double lengthPenalty)
{
    return logProbability / std::pow(double(std::max<size_t>(length, 1)), lengthPenalty);
}

// Keeps the `limit` best finished hypotheses by score.
void addFinished(std::vector<BeamHypothesis>& finished, BeamHypothesis h, size_t limit)
{
    finished.push_back(std::move(h));
    std::stable_sort(finished.begin(), finished.end(),
                     [](const BeamHypothesis& a, const BeamHypothesis& b) { return a.score > b.score; });
    if (finished.size() > limit)
        finished.resize(limit);
}

} // namespace

BeamSearchOutcome beamSearch(ModelRunner& runner, const std::vector<int32_t>& prompt, const SlotInput& first,
                             const BeamSearchOptions& options)
{
    const SamplerSettings& s = options.settings;
    const size_t width = size_t(s.num_beams);
    const int64_t vocab = runner.config().vocab_size;
    BeamSearchOutcome outcome;
    std::vector<float> logits(width * size_t(vocab)), scratch;
    std::vector<Candidate> candidates;
    std::vector<TokenCount> counts;
    std::vector<BeamHypothesis>& finished = outcome.hypotheses;

    SlotInput start = first;
    start.slot = 0;
    runner.forward({start}, logits.data());
    std::vector<Beam> beams(1);
    beams[0].slot = 0;

    for (int64_t step = 0; step < s.max_tokens; ++step) {
        // Expand every beam by its 2*width best tokens (enough to refill the beam even
        // when some of them end with end-of-text).
        std::vector<Expansion> expansions;
        for (size_t b = 0; b < beams.size(); ++b) {
            float* row = logits.data() + b * size_t(vocab);
            const double rawLse = logSumExp(row, vocab, 1.0, scratch);
            std::vector<float> raw;
            if (s.penalised()) {
                raw.assign(row, row + vocab);
                std::vector<int32_t> context(prompt);
                context.insert(context.end(), beams[b].hypothesis.tokens.begin(), beams[b].hypothesis.tokens.end());
                countRecentTokens(context, s.penalty_window, counts);
                applyPenalties(row, vocab, counts, s.repetition_penalty, s.presence_penalty, s.frequency_penalty);
            }
            const double lse = s.penalised() ? logSumExp(row, vocab, 1.0, scratch) : rawLse;
            topKCandidates(row, vocab, int64_t(2 * width), candidates);
            for (const Candidate& c : candidates) {
                const float rawLogit = s.penalised() ? raw[size_t(c.token)] : c.logit;
                expansions.push_back({b, c.token, beams[b].hypothesis.logProbability + (double(c.logit) - lse),
                                      float(double(rawLogit) - rawLse)});
            }
        }
        std::stable_sort(expansions.begin(), expansions.end(),
                         [](const Expansion& a, const Expansion& b) { return a.logProbability > b.logProbability; });

        std::vector<Beam> next;
        for (size_t rank = 0; rank < expansions.size() && next.size() < width; ++rank) {
            const Expansion& e = expansions[rank];
            BeamHypothesis h = beams[e.parent].hypothesis;
            h.logProbability = e.logProbability;
            if (options.endOfText && e.token == *options.endOfText) {
                // A beam that ends here competes only while it ranks among the best `width`.
                if (rank < width) {
                    h.endedByEos = true;
                    h.score = lengthNormalised(h.logProbability, h.tokens.size() + 1, s.length_penalty);
                    addFinished(finished, std::move(h), width);
                }
                continue;
            }
            h.tokens.push_back(e.token);
            h.tokenLogProbs.push_back(e.tokenLogProb);
            h.score = lengthNormalised(h.logProbability, h.tokens.size(), s.length_penalty);
            if (options.reachedStop && options.reachedStop(h.tokens)) {
                h.endedByStop = true;
                addFinished(finished, std::move(h), width);
                continue;
            }
            Beam beam;
            beam.slot = int64_t(e.parent); // parent index for now; slots are assigned below
            beam.hypothesis = std::move(h);
            next.push_back(std::move(beam));
        }

        // Done when no live beam can beat the worst finished hypothesis any more.
        const bool full = finished.size() >= width;
        const bool hopeless = full && (next.empty() || next.front().hypothesis.score <= finished.back().score);
        const bool lastStep = step + 1 == s.max_tokens;
        const bool cancelled = options.cancel && options.cancel->load();
        bool noRoom = false;
        for (const Beam& b : next)
            noRoom = noRoom || runner.length(beams[size_t(b.slot)].slot) + 1 > runner.capacity();
        if (next.empty() || hopeless || lastStep || cancelled || noRoom) {
            for (Beam& b : next)
                addFinished(finished, std::move(b.hypothesis), width);
            outcome.cancelled = cancelled;
            outcome.contextFull = noRoom && !hopeless && !lastStep;
            break;
        }

        // Slots: a parent's first child keeps the parent's slot; further children get a
        // copy in a slot whose beam left no child (never one a survivor still reads).
        std::vector<int> children(beams.size(), 0);
        for (const Beam& b : next)
            ++children[size_t(b.slot)];
        std::vector<bool> slotNeeded(width, false);
        for (size_t p = 0; p < beams.size(); ++p)
            if (children[p] > 0)
                slotNeeded[size_t(beams[p].slot)] = true;
        std::vector<int64_t> freeSlots;
        for (size_t slot = width; slot-- > 0;)
            if (!slotNeeded[slot])
                freeSlots.push_back(int64_t(slot));
        std::vector<bool> parentSlotTaken(beams.size(), false);
        std::vector<SlotInput> inputs;
        for (Beam& b : next) {
            const size_t parent = size_t(b.slot);
            if (!parentSlotTaken[parent]) {
                parentSlotTaken[parent] = true;
                b.slot = beams[parent].slot;
            } else {
                b.slot = freeSlots.back();
                freeSlots.pop_back();
                runner.copySlot(beams[parent].slot, b.slot);
            }
            inputs.push_back({b.slot, {b.hypothesis.tokens.back()}});
        }
        runner.forward(inputs, logits.data());
        beams = std::move(next);
    }
    return outcome;
}

} // namespace lw::generate
