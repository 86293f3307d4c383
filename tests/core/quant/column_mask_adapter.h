#pragma once
// A linear map whose inputs outside a keep-mask are zeroed: the reference the pruning
// tests compare structured removal with (a cut head's output or an MLP channel that
// never reaches the next map).
#include "core/model/linear_adapter.h"

#include <torch/torch.h>
#include <vector>

namespace lw::test {

class ColumnMaskAdapter : public model::LinearAdapter {
public:
    explicit ColumnMaskAdapter(torch::Tensor keep) : m_keep(std::move(keep)) { }

    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) override
    {
        return torch::nn::functional::linear(x * m_keep.to(x.dtype()), weight, bias);
    }

    torch::Tensor mergedWeight(const torch::Tensor& weight) const override
    {
        return weight.detach() * m_keep.to(weight.dtype()).unsqueeze(0);
    }

private:
    torch::Tensor m_keep; // (in) 1 = kept, 0 = cut
};

// A keep-mask of `width` inputs with the given groups of `groupWidth` inputs cut.
inline torch::Tensor keepMaskWithout(int64_t width, const std::vector<int64_t>& groups, int64_t groupWidth)
{
    torch::Tensor keep = torch::ones({width});
    for (int64_t g : groups)
        keep.narrow(0, g * groupWidth, groupWidth).zero_();
    return keep;
}

} // namespace lw::test
