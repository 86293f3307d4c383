#pragma once
// A ModelRunner together with the tokens each of its slots holds, so that a new prompt
// continues from the longest prefix already in a slot's KV cache (the next turn of a
// chat only runs its new tokens through the model). The Generator keeps one; the
// BatchDecoders it opens share it, and keep it alive while they run.
#include "core/generate/model_runner.h"

#include <memory>
#include <vector>

namespace lw::generate {

struct SlotCache {
    std::unique_ptr<ModelRunner> runner;
    std::vector<std::vector<int32_t>> tokens; // what each slot holds

    explicit SlotCache(std::unique_ptr<ModelRunner> modelRunner);

    int64_t slotCount() const { return int64_t(tokens.size()); }
    // Tokens at the start of `prompt` that `slot` already holds. The last prompt token
    // never counts: it is fed again to get the logits that follow it.
    int64_t reusablePrefix(int64_t slot, const std::vector<int32_t>& prompt) const;
    // Keeps that prefix in `slot` and points `input` at the rest of the prompt; returns
    // how many tokens were reused. lw::Error for an empty prompt.
    int64_t prepare(int64_t slot, const std::vector<int32_t>& prompt, SlotInput& input);
    // After a forward pass: the input's slot now holds its tokens too.
    void fed(const SlotInput& input);
    // Forgets every slot (after a failed step, when the runner may hold half of it).
    void clear();
};

} // namespace lw::generate
