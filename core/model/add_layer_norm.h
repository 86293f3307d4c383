#pragma once
// A pre-norm block's residual add fused with the LayerNorm that reads its result:
//   h = x + a,  y = LayerNorm(h) * weight + bias.
// Unfused, the add writes h, LayerNorm reads it twice and writes y, and in the
// backward pass autograd adds the two gradients that reach h (from the norm and from
// the residual stream) in a pass of its own. Here one pass per row does the forward,
// and one pass per row yields dh = LayerNorm'(dy) + dh_residual together with the
// weight and bias gradients (summed over fixed row chunks in a fixed order, so they do
// not depend on the thread count).
#include <torch/torch.h>

#include <utility>

namespace lw::model {

// x, a: (..., n); weight, bias: (n) (bias may be undefined). Returns {h, y}.
std::pair<torch::Tensor, torch::Tensor> addLayerNorm(const torch::Tensor& x, const torch::Tensor& a,
                                                     const torch::Tensor& weight, const torch::Tensor& bias, double eps);

// The same with ATen's operators, for tests and for other devices and dtypes.
std::pair<torch::Tensor, torch::Tensor> addLayerNormReference(const torch::Tensor& x, const torch::Tensor& a,
                                                              const torch::Tensor& weight, const torch::Tensor& bias,
                                                              double eps);

} // namespace lw::model
