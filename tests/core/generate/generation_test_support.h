#pragma once
// Small conversions shared by the generation tests.
#include "core/generate/generation_result.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace lw::test {

// The token ids of a result, in order.
inline std::vector<int32_t> tokensOf(const generate::GenerationResult& result)
{
    std::vector<int32_t> out;
    for (const auto& t : result.tokens)
        out.push_back(t.token);
    return out;
}

// log of a probability vector: softmax gives it back.
inline std::vector<float> logsOf(const std::vector<double>& probs)
{
    std::vector<float> out;
    for (double p : probs)
        out.push_back(float(std::log(p)));
    return out;
}

} // namespace lw::test
