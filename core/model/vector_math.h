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

} // namespace lw::model::vmath
