#include "core/model/rotary.h"

#include <cmath>

namespace lw::model {

std::vector<double> ropeInverseFrequencies(const ModelConfig& config)
{
    const int64_t hd = config.headDim(), half = hd / 2;
    const RopeScaling& s = config.rope_scaling;
    constexpr double kPi = 3.14159265358979323846;
    std::vector<double> inv(static_cast<size_t>(half));
    for (int64_t i = 0; i < half; ++i) {
        double f = std::pow(config.rope_theta, -double(2 * i) / double(hd));
        if (s.type == "linear") {
            f /= s.factor;
        } else if (s.type == "llama3") {
            // Llama 3.1: long wavelengths are slowed by `factor`, short ones kept, and
            // the band between is interpolated on the ratio original / wavelength.
            const double wavelength = 2.0 * kPi / f;
            const double original = double(s.original_context_length);
            const double lowWavelength = original / s.low_freq_factor;
            const double highWavelength = original / s.high_freq_factor;
            if (wavelength > lowWavelength) {
                f /= s.factor;
            } else if (wavelength >= highWavelength) {
                const double smooth = (original / wavelength - s.low_freq_factor) / (s.high_freq_factor - s.low_freq_factor);
                f = (1.0 - smooth) * f / s.factor + smooth * f;
            }
        }
        inv[size_t(i)] = f;
    }
    return inv;
}

RotaryTable::RotaryTable(const ModelConfig& config, int64_t maxPositions) : m_headDim(config.headDim())
{
    const std::vector<double> frequencies = ropeInverseFrequencies(config);
    auto inv = torch::tensor(frequencies, torch::kDouble);                   // (hd/2)
    auto positions = torch::arange(maxPositions, torch::kDouble).unsqueeze(1); // (P, 1)
    auto angles = positions * inv.unsqueeze(0);                               // (P, hd/2)
    m_cos = torch::cos(angles).to(torch::kFloat);
    m_sin = torch::sin(angles).to(torch::kFloat);
}

torch::Tensor RotaryTable::apply(const torch::Tensor& x, int64_t heads, int64_t start) const
{
    const int64_t t = x.size(1), half = m_headDim / 2;
    auto cos = m_cos.narrow(0, start, t).to(x.device(), x.scalar_type()).view({1, t, 1, half});
    auto sin = m_sin.narrow(0, start, t).to(x.device(), x.scalar_type()).view({1, t, 1, half});
    return rotate(x, heads, cos, sin);
}

torch::Tensor RotaryTable::apply(const torch::Tensor& x, int64_t heads, const torch::Tensor& positions) const
{
    const int64_t b = x.size(0), t = x.size(1), half = m_headDim / 2;
    // Gathered where the table lives (the CPU), so a CPU run copies nothing.
    auto index = positions.reshape({-1}).to(m_cos.device(), torch::kLong);
    auto cos = m_cos.index_select(0, index).to(x.device(), x.scalar_type()).view({b, t, 1, half});
    auto sin = m_sin.index_select(0, index).to(x.device(), x.scalar_type()).view({b, t, 1, half});
    return rotate(x, heads, cos, sin);
}

torch::Tensor RotaryTable::rotate(const torch::Tensor& x, int64_t heads, const torch::Tensor& cos,
                                  const torch::Tensor& sin) const
{
    const int64_t b = x.size(0), t = x.size(1), half = m_headDim / 2;
    auto xh = x.reshape({b, t, heads, m_headDim});
    auto x1 = xh.narrow(3, 0, half), x2 = xh.narrow(3, half, half);
    auto rotated = torch::cat({x1 * cos - x2 * sin, x2 * cos + x1 * sin}, 3);
    return rotated.view({b, t, heads * m_headDim});
}

} // namespace lw::model
