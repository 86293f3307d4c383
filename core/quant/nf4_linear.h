#pragma once
// y = x @ W^T + b with W held as NF4 (QLoRA's frozen base weight). W is dequantised in
// the forward pass and again in the backward pass: the graph keeps only the 4-bit codes,
// never a full-precision copy of W. W gets no gradient.
#include "core/quant/nf4.h"

#include <torch/torch.h>

#include <memory>
#include <vector>

namespace lw::quant {

// x: (..., in_features), e.g. (B, T, C); weight: (out_features, in_features); bias:
// (out_features) or undefined. W is dequantised to x's dtype. Gradients flow to x and to
// bias when they require them.
torch::Tensor nf4Linear(const torch::Tensor& x, const std::shared_ptr<const Nf4Tensor>& weight,
                        const torch::Tensor& bias = {});

// The tensors that the autograd node of an nf4Linear output keeps for its backward
// pass, so that a caller (and the tests) can see what stays in memory; lw::Error when
// `output` did not come from nf4Linear with a gradient to compute.
std::vector<torch::Tensor> nf4LinearSavedTensors(const torch::Tensor& output);

} // namespace lw::quant
