#include "core/model/rotary.h"

namespace lw::model {

RotaryTable::RotaryTable(int64_t headDim, int64_t maxPositions, double theta) : m_headDim(headDim)
{
    auto inv = torch::pow(theta, -torch::arange(0, headDim, 2, torch::kDouble) / double(headDim)); // (hd/2)
    auto positions = torch::arange(maxPositions, torch::kDouble).unsqueeze(1);                       // (P, 1)
    auto angles = positions * inv.unsqueeze(0);                                                       // (P, hd/2)
    m_cos = torch::cos(angles).to(torch::kFloat);
    m_sin = torch::sin(angles).to(torch::kFloat);
}

torch::Tensor RotaryTable::apply(const torch::Tensor& x, int64_t heads, int64_t start) const
{
    const int64_t b = x.size(0), t = x.size(1), half = m_headDim / 2;
    auto xh = x.reshape({b, t, heads, m_headDim});
    auto x1 = xh.narrow(3, 0, half), x2 = xh.narrow(3, half, half);
    auto cos = m_cos.narrow(0, start, t).to(x.device(), x.scalar_type()).view({1, t, 1, half});
    auto sin = m_sin.narrow(0, start, t).to(x.device(), x.scalar_type()).view({1, t, 1, half});
    auto rotated = torch::cat({x1 * cos - x2 * sin, x2 * cos + x1 * sin}, 3);
    return rotated.view({b, t, heads * m_headDim});
}

} // namespace lw::model
