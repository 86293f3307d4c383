#include "core/model/vector_math.h"

#include <cmath>
#include <cstring>
#include <limits>

#define LW_MULTIVERSION __attribute__((target_clones("avx512f", "avx2,fma", "default")))

namespace lw::model::vmath {

namespace {

// exp(x) = 2^k * exp(r), k = round(x / ln2), r = x - k*ln2 in [-ln2/2, ln2/2]; exp(r)
// by a degree-6 polynomial (Cephes coefficients). Branch-free so it vectorises.
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

} // namespace

LW_MULTIVERSION float expShiftedSum(const float* x, float* y, int64_t n, float shift)
{
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (int64_t i = 0; i < n; ++i) {
        float v = x[i] - shift;
        float e = v < -87.0f ? 0.0f : expApprox(v);
        y[i] = e;
        sum += e;
    }
    return sum;
}

LW_MULTIVERSION void expShifted(const float* x, float* y, int64_t n, float shift)
{
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) {
        float v = x[i] - shift;
        y[i] = v < -87.0f ? 0.0f : expApprox(v);
    }
}

LW_MULTIVERSION float maxOf(const float* x, int64_t n)
{
    float m = -std::numeric_limits<float>::infinity();
#pragma omp simd reduction(max : m)
    for (int64_t i = 0; i < n; ++i)
        m = x[i] > m ? x[i] : m;
    return m;
}

LW_MULTIVERSION float dot(const float* a, const float* b, int64_t n)
{
    float s = 0.0f;
#pragma omp simd reduction(+ : s)
    for (int64_t i = 0; i < n; ++i)
        s += a[i] * b[i];
    return s;
}

LW_MULTIVERSION void scale(float* x, int64_t n, float factor)
{
#pragma omp simd
    for (int64_t i = 0; i < n; ++i)
        x[i] *= factor;
}

LW_MULTIVERSION void softmaxBackwardInPlace(float* x, const float* p, int64_t n, float d)
{
#pragma omp simd
    for (int64_t i = 0; i < n; ++i)
        x[i] = p[i] * (x[i] - d);
}

} // namespace lw::model::vmath
