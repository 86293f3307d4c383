#pragma once
// Comparing tensors in tests: the largest element-wise difference, computed in double.
#include <torch/torch.h>

namespace lw::test {

inline double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

} // namespace lw::test
