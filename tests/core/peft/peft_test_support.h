#pragma once
// Tiny models of both families for the adapter tests, and helpers to give adapters
// values other than their initial ones.
#include "core/hf/hf_architecture.h"
#include "core/model/transformer.h"
#include "core/peft/adapter_set.h"

#include <ATen/CPUGeneratorImpl.h>
#include <QtTest>
#include <torch/torch.h>

#include <string>
#include <vector>

namespace lw::test {

// The sizes both families share: 40 tokens, 16 positions, d_model 16.
inline model::ModelConfig tinyConfig(model::Family family, int64_t layers)
{
    model::ModelConfig c;
    c.family = family;
    c.vocab_size = 40;
    c.context_length = 16;
    c.n_layer = layers;
    c.d_model = 16;
    return c;
}

// GPT-2: tied head, biases everywhere.
inline model::ModelConfig tinyGpt2(int64_t layers = 2)
{
    model::ModelConfig c = tinyConfig(model::Family::Gpt2, layers);
    c.n_head = 2;
    return c;
}

// Llama with grouped-query attention and q/k/v biases (exported as Qwen2), untied head.
inline model::ModelConfig tinyLlama(int64_t layers = 2)
{
    model::ModelConfig c = tinyConfig(model::Family::Llama, layers);
    c.n_head = 4;
    c.n_kv_head = 2;
    c.d_ff = 24;
    c.bias = false;
    c.qkv_bias = true;
    c.tie_embeddings = false;
    return c;
}

inline model::Transformer tinyModel(const model::ModelConfig& config, uint64_t seed)
{
    model::Transformer m(config, false);
    m->initializeWeights(seed);
    // Non-zero biases so that DoRA's "bias is not rescaled" matters.
    torch::NoGradGuard noGrad;
    auto g = at::make_generator<at::CPUGeneratorImpl>(seed + 1);
    for (auto& p : m->named_parameters())
        if (p.key().size() > 5 && p.key().compare(p.key().size() - 5, 5, ".bias") == 0)
            p.value().copy_(torch::empty(p.value().sizes()).normal_(0, 0.1, g));
    m->eval();
    return m;
}

inline torch::Tensor sampleIds(const model::ModelConfig& config)
{
    auto g = at::make_generator<at::CPUGeneratorImpl>(7);
    return torch::randint(config.vocab_size, {2, 9}, g, torch::kLong);
}

// Random B (as after training) and, for DoRA, a magnitude away from the row norms.
inline void randomizeAdapters(peft::AdapterSet& set, uint64_t seed)
{
    torch::NoGradGuard noGrad;
    auto g = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (auto& [name, t] : set.namedParameters()) {
        const bool isB = name.find("lora_B") != std::string::npos;
        const bool isMagnitude = name.find("lora_magnitude_vector") != std::string::npos;
        if (isB)
            t.copy_(torch::empty(t.sizes()).normal_(0, 0.1, g));
        else if (isMagnitude)
            t.mul_(torch::empty(t.sizes()).uniform_(0.7, 1.3, g));
    }
}

inline double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

inline peft::AdapterSettings adapterSettings(peft::AdapterMethod method, std::vector<std::string> targets)
{
    peft::AdapterSettings s;
    s.method = method;
    s.rank = 4;
    s.alpha = 8;
    s.targets = std::move(targets);
    return s;
}

// Data rows "gpt2 lora" ... "llama dora" with columns llama and dora.
inline void addFamilyAndMethodRows()
{
    QTest::addColumn<bool>("llama");
    QTest::addColumn<bool>("dora");
    QTest::newRow("gpt2 lora") << false << false;
    QTest::newRow("gpt2 dora") << false << true;
    QTest::newRow("llama lora") << true << false;
    QTest::newRow("llama dora") << true << true;
}

} // namespace lw::test
