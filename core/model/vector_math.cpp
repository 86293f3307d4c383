#include "core/model/vector_math.h"
#include "core/util/multiversion.h"

#include "core/model/fast_exp.h"

#include <cmath>
#include <cstring>
#include <limits>


namespace lw::model::vmath {

namespace {

constexpr float kGeluScale = 0.7978845608028654f; // sqrt(2 / pi)
constexpr float kGeluCubic = 0.044715f;

// gelu_tanh(x) = 0.5 x (1 + tanh(u)) = x * sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3).
// With e = exp(2u): sigmoid(2u) = e / (e + 1) and 1 - sigmoid(2u) = 1 / (e + 1), both
// free of the cancellation that 1 + tanh and 1 - tanh^2 suffer near tanh = -1 and 1.
// 2u is clamped to +-80, where both are exact in float and stay normal numbers.
struct GeluGate {
    float open, closed; // sigmoid(2u), 1 - sigmoid(2u)
};

inline GeluGate geluGate(float x)
{
    float twoU = 2.0f * kGeluScale * (x + kGeluCubic * x * x * x);
    twoU = twoU < -80.0f ? -80.0f : (twoU > 80.0f ? 80.0f : twoU);
    const float e = expApprox(twoU);
    const float closed = 1.0f / (e + 1.0f);
    return {e * closed, closed};
}

} // namespace

LW_MULTIVERSION float expShiftedSum(const float* x, float* y, int64_t n, float shift)
{
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (int64_t i = 0; i < n; ++i) {
        const float v = x[i] - shift;
        const float e = expApprox(v); // always computed: a branch around it blocks AVX2 vectorisation
        y[i] = v < -87.0f ? 0.0f : e;
        sum += y[i];
    }
    return sum;
}

LW_MULTIVERSION void expShifted(const float* x, float* y, int64_t n, float shift)
{
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) {
        const float v = x[i] - shift;
        const float e = expApprox(v);
        y[i] = v < -87.0f ? 0.0f : e;
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

LW_MULTIVERSION void biasGeluTanh(const float* h, const float* bias, float* y, int64_t n)
{
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) {
        const float x = h[i] + bias[i];
        const GeluGate s = geluGate(x);
        // x - x (1 - sigmoid) is exactly x where the gate is fully open.
        y[i] = x >= 0.0f ? x - x * s.closed : x * s.open;
    }
}

LW_MULTIVERSION void biasGeluTanhBackward(const float* h, const float* bias, const float* dy, float* dh, float* biasGrad,
                                          int64_t n)
{
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) {
        const float x = h[i] + bias[i];
        const GeluGate s = geluGate(x);
        // d/dx [x sigmoid(2u)] = sigmoid(2u) + x * 2 sigmoid(2u) (1 - sigmoid(2u)) du/dx.
        const float du = kGeluScale * (1.0f + 3.0f * kGeluCubic * x * x);
        const float g = dy[i] * (s.open + 2.0f * x * s.open * s.closed * du);
        dh[i] = g;
        biasGrad[i] += g;
    }
}

LW_MULTIVERSION RowMoments addLayerNormRow(const float* x, const float* a, const float* weight, const float* bias, float* h,
                                           float* y, int64_t n, float eps)
{
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (int64_t i = 0; i < n; ++i) {
        const float v = x[i] + a[i];
        h[i] = v;
        sum += v;
    }
    const float mean = sum / float(n);
    float squares = 0.0f;
#pragma omp simd reduction(+ : squares)
    for (int64_t i = 0; i < n; ++i) {
        const float d = h[i] - mean;
        squares += d * d;
    }
    const float rstd = 1.0f / std::sqrt(squares / float(n) + eps);
    if (bias) {
#pragma omp simd
        for (int64_t i = 0; i < n; ++i)
            y[i] = (h[i] - mean) * rstd * weight[i] + bias[i];
    } else {
#pragma omp simd
        for (int64_t i = 0; i < n; ++i)
            y[i] = (h[i] - mean) * rstd * weight[i];
    }
    return {mean, rstd};
}

LW_MULTIVERSION void addLayerNormBackwardRow(const float* h, const float* dy, const float* dhIn, const float* weight,
                                             RowMoments moments, float* dh, float* weightGrad, float* biasGrad, int64_t n)
{
    const float mean = moments.mean, rstd = moments.rstd;
    float sumG = 0.0f, sumGx = 0.0f;
#pragma omp simd reduction(+ : sumG, sumGx)
    for (int64_t i = 0; i < n; ++i) {
        const float xhat = (h[i] - mean) * rstd;
        const float g = dy[i] * weight[i];
        sumG += g;
        sumGx += g * xhat;
        weightGrad[i] += dy[i] * xhat;
    }
    if (biasGrad) {
#pragma omp simd
        for (int64_t i = 0; i < n; ++i)
            biasGrad[i] += dy[i];
    }
    // dh = rstd * (g - mean(g) - xhat * mean(g * xhat)), g = dy * weight.
    const float meanG = sumG / float(n), meanGx = sumGx / float(n);
    if (dhIn) {
#pragma omp simd
        for (int64_t i = 0; i < n; ++i)
            dh[i] = rstd * (dy[i] * weight[i] - meanG - (h[i] - mean) * rstd * meanGx) + dhIn[i];
    } else {
#pragma omp simd
        for (int64_t i = 0; i < n; ++i)
            dh[i] = rstd * (dy[i] * weight[i] - meanG - (h[i] - mean) * rstd * meanGx);
    }
}

} // namespace lw::model::vmath
