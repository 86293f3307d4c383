#pragma once
// Row-wise float kernels used by the fused attention and loss: written as plain loops
// that the compiler vectorises, compiled for AVX-512, AVX2 and a generic x86-64, and
// picked at run time (function multi-versioning), so one binary is fast on every CPU.
#include <cstdint>

namespace lw::model::vmath {

// y[i] = exp(x[i] - shift) for i < n; returns the sum of y. Relative error < 2e-7,
// exp of very negative values is 0 (so -inf masks work).
float expShiftedSum(const float* x, float* y, int64_t n, float shift);
// y[i] = exp(x[i] - shift) for i < n (no sum).
void expShifted(const float* x, float* y, int64_t n, float shift);
float maxOf(const float* x, int64_t n);
float dot(const float* a, const float* b, int64_t n);
void scale(float* x, int64_t n, float factor);
// x[i] = p[i] * (x[i] - d): the softmax backward step dS = P o (dP - D).
void softmaxBackwardInPlace(float* x, const float* p, int64_t n, float d);

// GPT-2's GELU, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), of x = h + bias for one
// row of n features, computed as x * sigmoid(2u) with the exp kernel above: within
// 2e-7 + 1 ulp of the exact formula, for gelu and for its derivative.
void biasGeluTanh(const float* h, const float* bias, float* y, int64_t n);
// dh = dy * gelu'(h + bias); also adds dh into biasGrad (n floats).
void biasGeluTanhBackward(const float* h, const float* bias, const float* dy, float* dh, float* biasGrad, int64_t n);

// LayerNorm of one row of n features after a residual add: h = x + a (stored), then
// y = (h - mean) * rstd * weight (+ bias when not null). Returns mean and rstd.
struct RowMoments {
    float mean, rstd;
};
RowMoments addLayerNormRow(const float* x, const float* a, const float* weight, const float* bias, float* h, float* y,
                           int64_t n, float eps);
// Its backward pass for one row: dh = LayerNorm'(dy) (+ dhIn when not null, the
// gradient that reaches h along the residual path); adds dy * xhat into weightGrad and
// dy into biasGrad.
void addLayerNormBackwardRow(const float* h, const float* dy, const float* dhIn, const float* weight, RowMoments moments,
                             float* dh, float* weightGrad, float* biasGrad, int64_t n);

} // namespace lw::model::vmath
