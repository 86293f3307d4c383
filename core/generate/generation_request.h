#pragma once
// One request to the generation engine: the prompt's tokens and how to continue it.
#include "core/generate/sampler_settings.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace lw::generate {

struct GenerationRequest {
    std::vector<int32_t> prompt; // at least one token
    SamplerSettings settings;
    std::optional<int32_t> endOfText; // overrides the tokenizer's end-of-text token
};

} // namespace lw::generate
