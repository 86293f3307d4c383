#pragma once
// Small models and inputs the calibration tests share: the tiny presets of both
// families with seeded random weights, random calibration windows, and inputs whose
// columns are correlated and of unequal size, as a transformer's activations are.
#include "core/model/transformer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <QString>
#include <torch/torch.h>

namespace lw::test {

inline model::Transformer calibrationTestModel(const QString& family, uint64_t seed = 7)
{
    model::ModelConfig c = model::presetConfig(family == "llama" ? "llama-tiny" : "tiny");
    model::Transformer m(c, false);
    m->initializeWeights(seed);
    // Norm gains and biases away from 1 and 0, so that folding into them is visible.
    torch::NoGradGuard noGrad;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed + 1);
    for (auto& item : m->named_parameters())
        if (item.value().dim() == 1)
            item.value().add_(torch::empty(item.value().sizes()).uniform_(-0.3, 0.3, generator));
    m->eval();
    return m;
}

inline torch::Tensor calibrationTestWindows(int64_t n, int64_t length, int64_t vocab, uint64_t seed = 11)
{
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    return torch::randint(0, vocab, {n, length}, generator, torch::kLong);
}

// (n, cols) float: a few shared factors mixed into every column, plus noise, columns
// scaled by factors spread over about e^-1.4..e^1.4.
inline torch::Tensor correlatedInputs(int64_t n, int64_t cols, uint64_t seed = 3)
{
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const torch::Tensor factors = torch::randn({n, 8}, generator, torch::kFloat);
    const torch::Tensor mixing = torch::randn({8, cols}, generator, torch::kFloat);
    const torch::Tensor noise = torch::randn({n, cols}, generator, torch::kFloat);
    const torch::Tensor columnScale = (torch::randn({cols}, generator, torch::kFloat) * 0.7).exp();
    return (factors.mm(mixing) + 0.3 * noise) * columnScale.unsqueeze(0);
}

} // namespace lw::test
