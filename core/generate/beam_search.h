#pragma once
// Beam search: keeps the num_beams most likely continuations at every step and returns
// the best finished ones, ranked by log-probability / length^length_penalty (as in
// Hugging Face's generate). Each beam lives in a runner slot; when a beam has several
// surviving children, the extra ones get a copy of its KV cache in a slot no survivor
// needs, so every step is one forward pass for all beams.
#include "core/generate/model_runner.h"
#include "core/generate/sampler_settings.h"

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace lw::generate {

struct BeamHypothesis {
    std::vector<int32_t> tokens;      // generated tokens (the end-of-text token excluded)
    std::vector<float> tokenLogProbs; // each token's log-probability under the model (raw logits)
    double logProbability = 0;        // sum of the log-probabilities the search ranked by (penalised)
    double score = 0;                 // logProbability / length^length_penalty
    bool endedByEos = false;
    bool endedByStop = false;
};

struct BeamSearchOptions {
    SamplerSettings settings; // num_beams, length_penalty, max_tokens, penalties
    std::optional<int32_t> endOfText;
    // True when the generated tokens end the answer (a stop sequence appeared in their text).
    std::function<bool(const std::vector<int32_t>&)> reachedStop;
    const std::atomic<bool>* cancel = nullptr;
};

struct BeamSearchOutcome {
    std::vector<BeamHypothesis> hypotheses; // best first, at most num_beams
    bool cancelled = false;
    bool contextFull = false;
};

// `prompt` is every token of the context; `first` feeds its uncached tail to slot 0
// (the runner needs num_beams slots). Slots 1.. are overwritten.
BeamSearchOutcome beamSearch(ModelRunner& runner, const std::vector<int32_t>& prompt, const SlotInput& first,
                             const BeamSearchOptions& options);

} // namespace lw::generate
