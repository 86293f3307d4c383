#pragma once
// Models and requests shared by the serve tests: random models whose logits are spread
// wide (greedy choices far from ties), greedy and seeded requests, token ids of results.
#include "core/generate/generator.h"
#include "core/model/transformer.h"

#include <torch/torch.h>
#include <vector>

namespace lw::test {

// The "tiny" preset (2 layers x 64) with another context, vocabulary and width.
inline model::Transformer wideLogitsModel(int64_t context, uint64_t seed, int64_t vocab = 0, int64_t dModel = 0)
{
    auto c = model::presetConfig("tiny");
    c.context_length = context;
    if (vocab > 0)
        c.vocab_size = vocab;
    if (dModel > 0)
        c.d_model = dModel;
    model::Transformer m(c);
    m->initializeWeights(seed);
    torch::NoGradGuard noGrad;
    m->outputWeight().mul_(30.0);
    m->eval();
    return m;
}

inline generate::GenerationRequest greedyRequest(std::vector<int32_t> prompt, int64_t maxTokens)
{
    generate::GenerationRequest r;
    r.prompt = std::move(prompt);
    r.settings.temperature = 0;
    r.settings.max_tokens = maxTokens;
    r.settings.stop_at_eos = false;
    return r;
}

inline generate::GenerationRequest seededRequest(std::vector<int32_t> prompt, int64_t maxTokens, uint64_t seed)
{
    generate::GenerationRequest r = greedyRequest(std::move(prompt), maxTokens);
    r.settings.temperature = 0.9;
    r.settings.top_k = 0;
    r.settings.seed = seed;
    return r;
}

inline std::vector<int32_t> tokenIds(const generate::GenerationResult& r)
{
    std::vector<int32_t> out;
    for (const auto& t : r.tokens)
        out.push_back(t.token);
    return out;
}

} // namespace lw::test
