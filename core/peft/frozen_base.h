#pragma once
// What a base weight is to an adapter. By default the model's own dense weight; a
// quantised fine-tune (QLoRA) supplies its 4-bit weight through this interface.
#include <torch/torch.h>

namespace lw::peft {

class FrozenBase {
public:
    virtual ~FrozenBase() = default;
    // x (..., in) -> x @ W^T + bias (..., out), without gradient to W.
    virtual torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& bias) const = 0;
    // W as float32 (out, in), for DoRA's norms and for merged weights.
    virtual torch::Tensor dense() const = 0;
};

} // namespace lw::peft
