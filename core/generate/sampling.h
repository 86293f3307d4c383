#pragma once
// Token-by-token generation with the KV cache: temperature and top-k sampling from a
// private seeded generator (so sampling never disturbs training randomness).
#include "core/model/transformer.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace lw::generate {

struct SamplingOptions {
    int64_t maxNewTokens = 64;
    double temperature = 0.8; // 0: greedy
    int64_t topK = 40;        // 0: no top-k filter
    uint64_t seed = 0;
    std::optional<int32_t> stopToken; // e.g. end-of-text
};

// Continues `prompt` (kept to the last context_length - maxNewTokens tokens if longer).
// `onToken` returning false stops early. Returns the new tokens only.
std::vector<int32_t> generateTokens(model::Transformer& model, const std::vector<int32_t>& prompt,
                                    const SamplingOptions& options,
                                    const std::function<bool(int32_t)>& onToken = {});

} // namespace lw::generate
