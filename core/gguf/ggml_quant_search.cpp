// The scale searches, written operation for operation as ggml-quants.c has them: sums
// run in index order and products group left to right (w*x*l is (w*x)*l), because any
// other order changes which candidate wins.
#include "core/gguf/ggml_quant_search.h"

#include <algorithm>
#include <cmath>

namespace lw::gguf::detail {

namespace {

int clampLevel(int l, int low, int high)
{
    return std::max(low, std::min(high, l));
}

} // namespace

float makeQxQuants(int n, int nmax, const float* x, int8_t* L, const float* qw)
{
    float max = 0, amax = 0;
    for (int i = 0; i < n; ++i) {
        const float ax = std::fabs(x[i]);
        if (ax > amax) {
            amax = ax;
            max = x[i];
        }
    }
    if (amax < kGroupMaxEps) {
        std::fill(L, L + n, int8_t(0));
        return 0.f;
    }
    auto weight = [&](int i) { return qw ? qw[i] : x[i] * x[i]; };
    float iscale = float(-nmax) / max;
    float sumlx = 0, suml2 = 0;
    for (int i = 0; i < n; ++i) {
        const int l = clampLevel(nearestInt(iscale * x[i]), -nmax, nmax - 1);
        L[i] = static_cast<int8_t>(l + nmax);
        const float w = weight(i);
        sumlx += w * x[i] * float(l);
        suml2 += w * float(l) * float(l);
    }
    float scale = suml2 != 0.f ? sumlx / suml2 : 0.0f;
    float best = scale * sumlx;
    for (int is = -9; is <= 9; ++is) {
        if (is == 0)
            continue;
        iscale = -(float(nmax) + 0.1f * float(is)) / max;
        sumlx = suml2 = 0;
        for (int i = 0; i < n; ++i) {
            const int l = clampLevel(nearestInt(iscale * x[i]), -nmax, nmax - 1);
            const float w = weight(i);
            sumlx += w * x[i] * float(l);
            suml2 += w * float(l) * float(l);
        }
        if (suml2 > 0 && sumlx * sumlx > best * suml2) {
            for (int i = 0; i < n; ++i)
                L[i] = static_cast<int8_t>(nmax + clampLevel(nearestInt(iscale * x[i]), -nmax, nmax - 1));
            scale = sumlx / suml2;
            best = scale * sumlx;
        }
    }
    return scale;
}

float makeQkxQuants(int n, int nmax, const float* x, const float* weights, uint8_t* L, float* theMin,
                    uint8_t* Laux, float rmin, float rdelta, int nstep)
{
    float min = x[0], max = x[0];
    float sumW = weights[0];
    float sumX = sumW * x[0];
    for (int i = 1; i < n; ++i) {
        if (x[i] < min)
            min = x[i];
        if (x[i] > max)
            max = x[i];
        const float w = weights[i];
        sumW += w;
        sumX += w * x[i];
    }
    if (min > 0)
        min = 0;
    if (max <= min) { // max == min here: min <= x[0] <= max, or both NaN (never equal)
        std::fill(L, L + n, uint8_t(0));
        *theMin = -min;
        return 0.f;
    }
    float iscale = float(nmax) / (max - min);
    float scale = 1 / iscale;
    float bestError = 0;
    for (int i = 0; i < n; ++i) {
        const int l = nearestInt(iscale * (x[i] - min));
        L[i] = static_cast<uint8_t>(clampLevel(l, 0, nmax));
        float diff = scale * float(L[i]) + min - x[i];
        diff = diff * diff;
        bestError += weights[i] * diff;
    }
    if (nstep < 1) {
        *theMin = -min;
        return scale;
    }
    for (int is = 0; is <= nstep; ++is) {
        iscale = (rmin + rdelta * float(is) + float(nmax)) / (max - min);
        float sumL = 0, sumL2 = 0, sumXL = 0;
        for (int i = 0; i < n; ++i) {
            const int l = clampLevel(nearestInt(iscale * (x[i] - min)), 0, nmax);
            Laux[i] = static_cast<uint8_t>(l);
            const float w = weights[i];
            sumL += w * float(l);
            sumL2 += w * float(l) * float(l);
            sumXL += w * float(l) * x[i];
        }
        const float D = sumW * sumL2 - sumL * sumL;
        if (D > 0) {
            float thisScale = (sumW * sumXL - sumX * sumL) / D;
            float thisMin = (sumL2 * sumX - sumL * sumXL) / D;
            if (thisMin > 0) {
                thisMin = 0;
                thisScale = sumXL / sumL2;
            }
            float error = 0;
            for (int i = 0; i < n; ++i) {
                float diff = thisScale * float(Laux[i]) + thisMin - x[i];
                diff = diff * diff;
                error += weights[i] * diff;
            }
            if (error < bestError) {
                std::copy(Laux, Laux + n, L);
                bestError = error;
                scale = thisScale;
                min = thisMin;
            }
        }
    }
    *theMin = -min;
    return scale;
}

float makeQpQuants(int n, int nmax, const float* x, uint8_t* L, const float* qw)
{
    float max = 0;
    for (int i = 0; i < n; ++i)
        max = macroMax(max, x[i]);
    if (max < kGroupMaxEps) {
        std::fill(L, L + n, uint8_t(0));
        return 0.f;
    }
    float iscale = float(nmax) / max;
    for (int i = 0; i < n; ++i)
        L[i] = static_cast<uint8_t>(nearestInt(iscale * x[i]));
    const float scale = 1 / iscale;
    float bestMse = 0;
    for (int i = 0; i < n; ++i) {
        const float diff = x[i] - scale * float(L[i]);
        bestMse += qw[i] * diff * diff;
    }
    for (int is = -4; is <= 4; ++is) {
        if (is == 0)
            continue;
        const float iscaleIs = (0.1f * float(is) + float(nmax)) / max;
        const float scaleIs = 1 / iscaleIs;
        float mse = 0;
        for (int i = 0; i < n; ++i) {
            const int l = std::min(nmax, nearestInt(iscaleIs * x[i]));
            const float diff = x[i] - scaleIs * float(l);
            mse += qw[i] * diff * diff;
        }
        if (mse < bestMse) {
            bestMse = mse;
            iscale = iscaleIs;
        }
    }
    float sumlx = 0, suml2 = 0;
    for (int i = 0; i < n; ++i) {
        const int l = std::min(nmax, nearestInt(iscale * x[i]));
        L[i] = static_cast<uint8_t>(l);
        const float w = qw[i];
        sumlx += w * x[i] * float(l);
        suml2 += w * float(l) * float(l);
    }
    for (int attempt = 0; attempt < 5; ++attempt) {
        int changed = 0;
        for (int i = 0; i < n; ++i) {
            const float w = qw[i];
            float slx = sumlx - w * x[i] * float(L[i]);
            float sl2 = suml2 - w * float(L[i]) * float(L[i]);
            if (slx > 0 && sl2 > 0) {
                const int newL = std::min(nmax, nearestInt(x[i] * sl2 / slx));
                if (newL != L[i]) {
                    slx += w * x[i] * float(newL);
                    sl2 += w * float(newL) * float(newL);
                    if (slx * slx * suml2 > sumlx * sumlx * sl2) {
                        L[i] = static_cast<uint8_t>(newL);
                        sumlx = slx;
                        suml2 = sl2;
                        ++changed;
                    }
                }
            }
        }
        if (!changed)
            break;
    }
    return suml2 > 0.0f ? sumlx / suml2 : 0.0f;
}

} // namespace lw::gguf::detail

namespace lw::gguf::detail {

namespace {

// Eight lanes, one per sub-block: each lane runs makeQkxQuants' arithmetic on its own
// sub-block in the same order, so the results are the same floats; only the branches
// become selects.
// The helpers below are always inlined into makeQkxQuants8's clones, so the 32-byte
// vector calling convention -Wpsabi warns about is never used across a call.
#pragma GCC diagnostic ignored "-Wpsabi"
using Floats8 = float __attribute__((vector_size(32)));
using Ints8 = int32_t __attribute__((vector_size(32)));

inline __attribute__((always_inline)) Ints8 nearestInts(Floats8 v)
{
    const Floats8 shifted = v + 12582912.f;
    Ints8 bits;
    std::memcpy(&bits, &shifted, sizeof bits);
    return (bits & 0x007fffff) - 0x00400000;
}

// nearestInt(v) clamped to [-nmax, nmax - 1].
inline __attribute__((always_inline)) Ints8 symmetricLevels(Floats8 v, int nmax)
{
    Ints8 l = nearestInts(v);
    l = l < nmax - 1 ? l : nmax - 1;
    return l > -nmax ? l : -nmax;
}

inline __attribute__((always_inline)) Ints8 clampLevels(Ints8 l, int high)
{
    l = l < high ? l : high;
    return l > 0 ? l : 0;
}

} // namespace

// AVX2 where the CPU has it (chosen at load time): without it the eight lanes run as
// pairs of SSE2 vectors, six times slower on Q4_K (27 s against 4.6 s for 124M values).
// No FMA in either: the products must round before the sums, as in ggml.
__attribute__((target_clones("avx2", "default"))) void makeQkxQuants8(int nmax, const float* x, const float* weights, uint8_t* L, float* scales, float* theMins,
                    float rmin, float rdelta, int nstep)
{
    constexpr int n = 32;
    Floats8 xt[n], wt[n]; // xt[i][lane] = x[32*lane + i]
    for (int i = 0; i < n; ++i)
        for (int lane = 0; lane < 8; ++lane) {
            xt[i][lane] = x[n * lane + i];
            wt[i][lane] = weights[n * lane + i];
        }
    Floats8 min = xt[0], max = xt[0];
    Floats8 sumW = wt[0];
    Floats8 sumX = sumW * xt[0];
    for (int i = 1; i < n; ++i) {
        min = xt[i] < min ? xt[i] : min;
        max = xt[i] > max ? xt[i] : max;
        sumW += wt[i];
        sumX += wt[i] * xt[i];
    }
    const Floats8 zero = {};
    min = min > 0 ? zero : min;
    const Ints8 flat = max <= min;
    const Floats8 flatMin = min;
    Floats8 iscale = float(nmax) / (max - min);
    Floats8 scale = 1 / iscale;
    Floats8 bestError = zero;
    Ints8 best[n], trial[n];
    for (int i = 0; i < n; ++i) {
        best[i] = clampLevels(nearestInts(iscale * (xt[i] - min)), nmax);
        Floats8 diff = scale * __builtin_convertvector(best[i], Floats8) + min - xt[i];
        diff = diff * diff;
        bestError += wt[i] * diff;
    }
    for (int is = 0; is <= nstep; ++is) {
        iscale = (rmin + rdelta * float(is) + float(nmax)) / (max - min);
        Floats8 sumL = zero, sumL2 = zero, sumXL = zero;
        for (int i = 0; i < n; ++i) {
            trial[i] = clampLevels(nearestInts(iscale * (xt[i] - min)), nmax);
            const Floats8 l = __builtin_convertvector(trial[i], Floats8);
            sumL += wt[i] * l;
            sumL2 += wt[i] * l * l;
            sumXL += wt[i] * l * xt[i];
        }
        const Floats8 D = sumW * sumL2 - sumL * sumL;
        Floats8 thisScale = (sumW * sumXL - sumX * sumL) / D;
        Floats8 thisMin = (sumL2 * sumX - sumL * sumXL) / D;
        const Ints8 positiveMin = thisMin > 0;
        thisScale = positiveMin ? sumXL / sumL2 : thisScale;
        thisMin = positiveMin ? zero : thisMin;
        Floats8 error = zero;
        for (int i = 0; i < n; ++i) {
            Floats8 diff = thisScale * __builtin_convertvector(trial[i], Floats8) + thisMin - xt[i];
            diff = diff * diff;
            error += wt[i] * diff;
        }
        const Ints8 better = (D > 0) & (error < bestError);
        for (int i = 0; i < n; ++i)
            best[i] = better ? trial[i] : best[i];
        bestError = better ? error : bestError;
        scale = better ? thisScale : scale;
        min = better ? thisMin : min;
    }
    for (int lane = 0; lane < 8; ++lane) {
        theMins[lane] = flat[lane] ? -flatMin[lane] : -min[lane];
        scales[lane] = flat[lane] ? 0.f : scale[lane];
        for (int i = 0; i < n; ++i)
            L[n * lane + i] = flat[lane] ? 0 : static_cast<uint8_t>(best[i][lane]);
    }
}

// makeQxQuants' arithmetic in eight lanes, one sub-block of 16 values each, in the same
// order per lane (branches become selects), so the results are the same floats.
__attribute__((target_clones("avx2", "default"))) void makeQxQuants8(int nmax, const float* x, int8_t* L,
                                                                     const float* qw, float* scales)
{
    constexpr int n = 16;
    Floats8 xt[n], wt[n]; // xt[i][lane] = x[16*lane + i]
    for (int i = 0; i < n; ++i)
        for (int lane = 0; lane < 8; ++lane) {
            const float v = x[n * lane + i];
            xt[i][lane] = v;
            wt[i][lane] = qw ? qw[n * lane + i] : v * v;
        }
    const Floats8 zero = {};
    Floats8 max = zero, amax = zero;
    for (int i = 0; i < n; ++i) {
        const Floats8 ax = xt[i] < 0 ? -xt[i] : xt[i];
        const Ints8 larger = ax > amax;
        amax = larger ? ax : amax;
        max = larger ? xt[i] : max;
    }
    const Ints8 flat = amax < kGroupMaxEps;
    Floats8 iscale = float(-nmax) / max;
    Floats8 sumlx = zero, suml2 = zero;
    Ints8 best[n];
    for (int i = 0; i < n; ++i) {
        best[i] = symmetricLevels(iscale * xt[i], nmax);
        const Floats8 l = __builtin_convertvector(best[i], Floats8);
        sumlx += wt[i] * xt[i] * l;
        suml2 += wt[i] * l * l;
    }
    Floats8 scale = suml2 != 0 ? sumlx / suml2 : zero;
    Floats8 bestValue = scale * sumlx;
    for (int is = -9; is <= 9; ++is) {
        if (is == 0)
            continue;
        iscale = -(float(nmax) + 0.1f * float(is)) / max;
        sumlx = suml2 = zero;
        Ints8 trial[n];
        for (int i = 0; i < n; ++i) {
            trial[i] = symmetricLevels(iscale * xt[i], nmax);
            const Floats8 l = __builtin_convertvector(trial[i], Floats8);
            sumlx += wt[i] * xt[i] * l;
            suml2 += wt[i] * l * l;
        }
        const Ints8 better = (suml2 > 0) & (sumlx * sumlx > bestValue * suml2);
        for (int i = 0; i < n; ++i)
            best[i] = better ? trial[i] : best[i];
        scale = better ? sumlx / suml2 : scale;
        bestValue = better ? scale * sumlx : bestValue;
    }
    for (int lane = 0; lane < 8; ++lane) {
        scales[lane] = flat[lane] ? 0.f : scale[lane];
        for (int i = 0; i < n; ++i)
            L[n * lane + i] = flat[lane] ? int8_t(0) : static_cast<int8_t>(best[i][lane] + nmax);
    }
}

} // namespace lw::gguf::detail
