#pragma once
// exp(x) for the vectorised row kernels (softmax, SiLU, GELU's tanh), shared by the
// training kernels and the fused decoder so that both compute the same values.
// exp(x) = 2^k * exp(r), k = round(x / ln2), r = x - k*ln2 in [-ln2/2, ln2/2]; exp(r)
// by a degree-6 polynomial (Cephes coefficients). Branch-free so that loops calling
// it vectorise (no libm call); relative error about 2e-7 in float.
#include <cstdint>
#include <cstring>

namespace lw::model {

inline float expApprox(float x)
{
    x = x < -87.3f ? -87.3f : (x > 88.3f ? 88.3f : x);
    // Round to nearest by the 1.5*2^23 trick: vectorises without libm.
    const float k = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    float r = x - k * 0.693359375f;
    r = r + k * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float e = p * r * r + r + 1.0f;
    int32_t bits;
    std::memcpy(&bits, &e, 4);
    bits += static_cast<int32_t>(k) << 23;
    std::memcpy(&e, &bits, 4);
    return e;
}

} // namespace lw::model
