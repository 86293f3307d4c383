#pragma once
// GPT-2's MLP activation with the preceding bias folded in: y = gelu_tanh(h + bias),
// where h = x W^T comes from a bias-free matrix product. On CPU float32 one vectorised
// pass writes y (no separate bias add), and the backward pass computes dh and the bias
// gradient together in one pass over dy.
#include <torch/torch.h>

namespace lw::model {

// h: (..., n), bias: (n). Returns gelu(h + bias) with the tanh approximation.
torch::Tensor biasGeluTanh(const torch::Tensor& h, const torch::Tensor& bias);

// The same with ATen's operators, for tests and for other devices and dtypes.
torch::Tensor biasGeluTanhReference(const torch::Tensor& h, const torch::Tensor& bias);

} // namespace lw::model
