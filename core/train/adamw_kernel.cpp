// Element-wise AdamW and the squared-norm reduction, written to be auto-vectorised and
// compiled for AVX-512, AVX2 and generic x86-64 (picked at run time).
#include "core/train/adamw.h"
#include "core/util/multiversion.h"

#include <cmath>


namespace lw::train::kernels {

LW_MULTIVERSION void adamwUpdate(float* p, const float* g, float* m, float* v, int64_t n, float lr, float weightDecay,
                                 float beta1, float beta2, float eps, float stepSize, float biasCorrection2Sqrt,
                                 float gradScale)
{
    const float decayFactor = 1.0f - lr * weightDecay;
    const float oneMinusBeta1 = 1.0f - beta1, oneMinusBeta2 = 1.0f - beta2;
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) {
        const float grad = g[i] * gradScale;
        const float param = p[i] * decayFactor;
        const float mi = m[i] + (grad - m[i]) * oneMinusBeta1; // torch's lerp
        const float vi = v[i] * beta2 + oneMinusBeta2 * grad * grad;
        m[i] = mi;
        v[i] = vi;
        p[i] = param - stepSize * (mi / (std::sqrt(vi) / biasCorrection2Sqrt + eps));
    }
}

LW_MULTIVERSION double sumOfSquares(const float* x, int64_t n)
{
    // Float partial sums in blocks, double across blocks: fast and accurate enough.
    double total = 0.0;
    for (int64_t begin = 0; begin < n; begin += 4096) {
        const int64_t end = begin + 4096 < n ? begin + 4096 : n;
        float s = 0.0f;
#pragma omp simd reduction(+ : s)
        for (int64_t i = begin; i < end; ++i)
            s += x[i] * x[i];
        total += double(s);
    }
    return total;
}

} // namespace lw::train::kernels
