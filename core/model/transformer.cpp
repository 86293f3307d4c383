#include "core/model/transformer.h"

#include "core/model/cross_entropy.h"
#include "core/model/kv_cache.h"
#include "core/util/error.h"

#include <ATen/CPUGeneratorImpl.h>

namespace lw::model {

TransformerImpl::TransformerImpl(const ModelConfig& config) : m_config(config)
{
    config.validate();
    const bool gpt2 = config.family == Family::Gpt2;
    if (!gpt2)
        m_rotary = std::make_unique<RotaryTable>(config.headDim(), config.context_length, config.rope_theta);
    tokenEmbedding = register_module(gpt2 ? "wte" : "tok_embeddings",
                                     torch::nn::Embedding(config.vocab_size, config.d_model));
    if (gpt2)
        positionEmbedding = register_module("wpe", torch::nn::Embedding(config.context_length, config.d_model));
    layers = register_module(gpt2 ? "h" : "layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < config.n_layer; ++i)
        layers->push_back(Block(config, m_rotary.get()));
    finalNorm = register_module(gpt2 ? "ln_f" : "norm", Norm(config));
    if (!config.tie_embeddings)
        lmHead = register_module(gpt2 ? "lm_head" : "output",
                                 torch::nn::Linear(torch::nn::LinearOptions(config.d_model, config.vocab_size).bias(false)));
    initializeWeights(0);
}

torch::Tensor TransformerImpl::outputWeight() const
{
    return m_config.tie_embeddings ? tokenEmbedding->weight : lmHead->weight;
}

torch::Tensor TransformerImpl::hidden(const torch::Tensor& idx, KvCache* cache)
{
    TORCH_CHECK(idx.dim() == 2, "token ids must have shape (batch, time)");
    const int64_t t = idx.size(1);
    const int64_t start = cache ? cache->length() : 0;
    if (start + t > m_config.context_length)
        throw Error("sequence of " + std::to_string(start + t) + " tokens exceeds the model's context of " +
                    std::to_string(m_config.context_length));
    torch::Tensor x = tokenEmbedding(idx);
    if (positionEmbedding) {
        auto positions = torch::arange(start, start + t, torch::TensorOptions().dtype(torch::kLong).device(idx.device()));
        x = x + positionEmbedding(positions);
    }
    if (is_training() && m_config.dropout > 0.0)
        x = torch::dropout(x, m_config.dropout, true);
    for (int64_t i = 0; i < int64_t(layers->size()); ++i)
        x = layers[i]->as<Block>()->forward(x, cache, i);
    if (cache)
        cache->advance(t);
    return finalNorm(x);
}

torch::Tensor TransformerImpl::forward(const torch::Tensor& idx, KvCache* cache)
{
    return torch::nn::functional::linear(hidden(idx, cache), outputWeight());
}

torch::Tensor TransformerImpl::loss(const torch::Tensor& idx, const torch::Tensor& targets)
{
    auto h = hidden(idx);
    return linearCrossEntropy(h.reshape({-1, h.size(-1)}), outputWeight(), targets.reshape({-1}));
}

void TransformerImpl::initializeWeights(uint64_t seed)
{
    torch::NoGradGuard noGrad;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const double std = 0.02;
    const double residualStd = std / std::sqrt(2.0 * double(m_config.n_layer));
    for (auto& item : named_parameters()) {
        const std::string& name = item.key();
        torch::Tensor& p = item.value();
        auto endsWith = [&](const std::string& suffix) {
            return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
        };
        if (p.dim() == 1) {
            // Norm gains start at one, every bias at zero.
            if (endsWith("norm.weight") || endsWith("ln_1.weight") || endsWith("ln_2.weight") ||
                endsWith("ln_f.weight"))
                p.fill_(1.0);
            else
                p.zero_();
            continue;
        }
        const bool residualOutput = endsWith("attn.c_proj.weight") || endsWith("mlp.c_proj.weight") ||
                                    endsWith("attention.wo.weight") || endsWith("feed_forward.w2.weight");
        // Draw on CPU with the seeded generator, then copy, so every device gets the same weights.
        auto values = torch::empty(p.sizes(), torch::kFloat);
        values.normal_(0.0, residualOutput ? residualStd : std, generator);
        p.copy_(values);
    }
}

bool takesWeightDecay(const std::string& parameterName, const torch::Tensor& parameter)
{
    return parameter.dim() >= 2;
}

} // namespace lw::model
