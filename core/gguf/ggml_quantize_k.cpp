// The K-quants Q4_K, Q5_K and Q6_K from float, as ggml's quantize_row_q*_K_ref and
// quantize_row_q*_K_impl compute them: per sub-block levels from a scale search
// (ggml_quant_search.h), the sub-block scales (and mins) stored as 6-bit (Q4_K, Q5_K) or
// 8-bit (Q6_K) multiples of one f16 super-scale, then every value rounded again against
// the scales as stored.
//
// Super-block layouts (256 values): Q4_K d, dmin (f16), scales[12], qs[128];
// Q5_K d, dmin, scales[12], qh[32], qs[128]; Q6_K ql[128], qh[64], scales[16] (int8), d.
#include "core/gguf/ggml_kquant_levels.h"
#include "core/gguf/ggml_quant_search.h"
#include "core/gguf/ggml_quantize_rows.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace lw::gguf::detail {

namespace {

constexpr int kSuper = 256;
constexpr int kSub = 32;                 // Q4_K/Q5_K sub-block
constexpr int kSubBlocks = kSuper / kSub; // 8
constexpr int kQ6Sub = 16;
constexpr int kQ6SubBlocks = kSuper / kQ6Sub; // 16

// The 12 scale bytes from eight 6-bit scales and eight 6-bit mins, in the layout
// unpackKQuantScaleMin (ggml_block_fields.h) reads.
void packScalesAndMins(const uint8_t* ls, const uint8_t* lm, uint8_t* scales)
{
    for (int j = 0; j < kSubBlocks; ++j) {
        if (j < 4) {
            scales[j] = ls[j];
            scales[j + 4] = lm[j];
        } else {
            scales[j + 4] = static_cast<uint8_t>((ls[j] & 0xf) | ((lm[j] & 0xf) << 4));
            scales[j - 4] |= static_cast<uint8_t>((ls[j] >> 4) << 6);
            scales[j] |= static_cast<uint8_t>((lm[j] >> 4) << 6);
        }
    }
}

// Writes d, dmin and the scale bytes at `head`, then rounds each value again with its
// sub-block's stored scale and min; a sub-block whose scale is zero keeps its levels.
void storeScalesAndRelevel(const float* x, uint8_t* head, const uint8_t* ls, const uint8_t* lm, float d,
                           float dmin, int nmax, uint8_t* L)
{
    storeHalf(head, d);
    storeHalf(head + 2, dmin);
    uint8_t* scales = head + 4;
    packScalesAndMins(ls, lm, scales);
    for (int j = 0; j < kSubBlocks; ++j) {
        const KQuantScaleMin stored = unpackKQuantScaleMin(j, scales);
        const float subScale = loadHalf(head) * float(stored.scale);
        if (subScale == 0.f)
            continue;
        const float subMin = loadHalf(head + 2) * float(stored.min);
        for (int i = 0; i < kSub; ++i) {
            const int l = nearestInt((x[kSub * j + i] + subMin) / subScale);
            L[kSub * j + i] = static_cast<uint8_t>(std::max(0, std::min(nmax, l)));
        }
    }
}

// Q4_K's nibbles: in each group of 64 values, value l in the low and l + 32 in the high
// nibble of byte l.
void packQ4_KLevels(const uint8_t* L, uint8_t* qs)
{
    for (int group = 0; group < kSuper; group += 64, qs += 32)
        for (int l = 0; l < 32; ++l)
            qs[l] = static_cast<uint8_t>(L[group + l] | (L[group + l + 32] << 4));
}

// Q5_K: Q4_K's nibbles plus the fifth bits, bit 2*g (value l of group g) and 2*g + 1
// (value l + 32) of qh[l].
void packQ5_KLevels(const uint8_t* L, uint8_t* qh, uint8_t* qs)
{
    std::memset(qh, 0, 32);
    uint8_t lowBit = 1, highBit = 2;
    for (int group = 0; group < kSuper; group += 64, qs += 32) {
        for (int l = 0; l < 32; ++l) {
            int l1 = L[group + l], l2 = L[group + l + 32];
            if (l1 > 15) {
                l1 -= 16;
                qh[l] |= lowBit;
            }
            if (l2 > 15) {
                l2 -= 16;
                qh[l] |= highBit;
            }
            qs[l] = static_cast<uint8_t>(l1 | (l2 << 4));
        }
        lowBit = static_cast<uint8_t>(lowBit << 2);
        highBit = static_cast<uint8_t>(highBit << 2);
    }
}

// quantize_row_q4_K_ref / q5_K_ref for one super-block: each sub-block's levels weighted
// by rms + |x|, then the scales and mins as 6-bit fractions of the largest of each.
void referenceSuperBlock(const float* x, uint8_t* head, int nmax, float rmin, int nstep, uint8_t* L)
{
    float scales[kSubBlocks], mins[kSubBlocks], weights[kSuper];
    for (int j = 0; j < kSubBlocks; ++j) {
        const float* xs = x + kSub * j;
        float sumX2 = 0;
        for (int l = 0; l < kSub; ++l)
            sumX2 += xs[l] * xs[l];
        const float rms = std::sqrt(sumX2 / 32);
        for (int l = 0; l < kSub; ++l)
            weights[kSub * j + l] = rms + std::fabs(xs[l]);
    }
    makeQkxQuants8(nmax, x, weights, L, scales, mins, rmin, 0.1f, nstep);
    float maxScale = 0, maxMin = 0;
    for (int j = 0; j < kSubBlocks; ++j) {
        if (scales[j] > maxScale)
            maxScale = scales[j];
        if (mins[j] > maxMin)
            maxMin = mins[j];
    }
    const float invScale = maxScale > 0 ? 63.f / maxScale : 0.f;
    const float invMin = maxMin > 0 ? 63.f / maxMin : 0.f;
    uint8_t ls[kSubBlocks], lm[kSubBlocks];
    for (int j = 0; j < kSubBlocks; ++j) {
        // ggml stores nearest_int's result in a uint8_t before clamping it to 63.
        ls[j] = std::min<uint8_t>(63, static_cast<uint8_t>(nearestInt(invScale * scales[j])));
        lm[j] = std::min<uint8_t>(63, static_cast<uint8_t>(nearestInt(invMin * mins[j])));
    }
    storeScalesAndRelevel(x, head, ls, lm, maxScale / 63.f, maxMin / 63.f, nmax, L);
}

// quantize_row_q4_K_impl / q5_K_impl for one super-block: sub-block levels weighted by
// importance * sqrt(sigma^2 + x^2), then the scales and mins themselves searched with the
// sub-blocks' summed weights.
void weightedSuperBlock(const float* x, const float* importance, uint8_t* head, int nmax, uint8_t* L)
{
    float sumX2 = 0;
    for (int l = 0; l < kSuper; ++l)
        sumX2 += x[l] * x[l];
    const float sigma2 = 2 * sumX2 / kSuper;
    float scales[kSubBlocks], mins[kSubBlocks], weights[kSuper], subWeights[kSubBlocks];
    for (int j = 0; j < kSubBlocks; ++j) {
        const float* xs = x + kSub * j;
        const float* qw = importance + kSub * j;
        float* ws = weights + kSub * j;
        for (int l = 0; l < kSub; ++l)
            ws[l] = qw[l] * std::sqrt(sigma2 + xs[l] * xs[l]);
        float sumW = 0;
        for (int l = 0; l < kSub; ++l)
            sumW += ws[l];
        subWeights[j] = sumW;
    }
    makeQkxQuants8(nmax, x, weights, L, scales, mins, -0.9f, 0.05f, 36);
    uint8_t ls[kSubBlocks], lm[kSubBlocks];
    const float d = makeQpQuants(kSubBlocks, 63, scales, ls, subWeights);
    const float dmin = makeQpQuants(kSubBlocks, 63, mins, lm, subWeights);
    storeScalesAndRelevel(x, head, ls, lm, d, dmin, nmax, L);
}

constexpr size_t kQ4_KBytes = 144, kQ5_KBytes = 176, kQ6_KBytes = 210;

// Q6_K's bit planes: in each half of 128 values, the low nibbles of values l and l + 64
// share ql[l], those of l + 32 and l + 96 share ql[l + 32]; their top two bits fill qh[l]
// in that order from the least significant pair.
void packQ6_KLevels(const int8_t* L, uint8_t* ql, uint8_t* qh)
{
    for (int half = 0; half < kSuper; half += 128, ql += 64, qh += 32) {
        for (int l = 0; l < 32; ++l) {
            const int q1 = L[half + l], q2 = L[half + l + 32], q3 = L[half + l + 64], q4 = L[half + l + 96];
            ql[l] = static_cast<uint8_t>((q1 & 0xf) | ((q3 & 0xf) << 4));
            ql[l + 32] = static_cast<uint8_t>((q2 & 0xf) | ((q4 & 0xf) << 4));
            qh[l] = static_cast<uint8_t>((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6));
        }
    }
}

// quantize_row_q6_K_ref / _impl for one super-block: symmetric levels per 16 values, the
// sub-block scales as int8 multiples of d = largest scale / -128, the values rounded
// again against the stored scales. `importance` null weights the search by x^2.
void q6_KSuperBlock(const float* x, const float* importance, uint8_t* b)
{
    int8_t L[kSuper];
    float scales[kQ6SubBlocks];
    float maxScale = 0, maxAbsScale = 0;
    for (int half = 0; half < kQ6SubBlocks; half += 8)
        makeQxQuants8(32, x + kQ6Sub * half, L + kQ6Sub * half, importance ? importance + kQ6Sub * half : nullptr,
                      scales + half);
    for (int ib = 0; ib < kQ6SubBlocks; ++ib) {
        const float absScale = std::fabs(scales[ib]);
        if (absScale > maxAbsScale) {
            maxAbsScale = absScale;
            maxScale = scales[ib];
        }
    }
    uint8_t* ql = b;
    uint8_t* qh = b + 128;
    auto* subScales = reinterpret_cast<int8_t*>(b + 192);
    uint8_t* d = b + 208;
    if (maxAbsScale < kGroupMaxEps) {
        std::memset(b, 0, kQ6_KBytes);
        storeHalf(d, 0.f);
        return;
    }
    const float iscale = -128.f / maxScale;
    storeHalf(d, 1 / iscale);
    for (int ib = 0; ib < kQ6SubBlocks; ++ib)
        subScales[ib] = static_cast<int8_t>(std::min(127, nearestInt(iscale * scales[ib])));
    for (int j = 0; j < kQ6SubBlocks; ++j) {
        const float subScale = loadHalf(d) * float(subScales[j]);
        if (subScale == 0.f)
            continue;
        for (int i = 0; i < kQ6Sub; ++i) {
            const int l = nearestInt(x[kQ6Sub * j + i] / subScale);
            L[kQ6Sub * j + i] = static_cast<int8_t>(std::max(-32, std::min(31, l)) + 32);
        }
    }
    packQ6_KLevels(L, ql, qh);
}

} // namespace

void quantizeQ4_KReference(const float* x, uint8_t* blocks, int64_t count)
{
    uint8_t L[kSuper];
    for (int64_t i = 0; i < count / kSuper; ++i, x += kSuper, blocks += kQ4_KBytes) {
        referenceSuperBlock(x, blocks, 15, -1.f, 20, L);
        packQ4_KLevels(L, blocks + 16);
    }
}

void quantizeQ5_KReference(const float* x, uint8_t* blocks, int64_t count)
{
    uint8_t L[kSuper];
    for (int64_t i = 0; i < count / kSuper; ++i, x += kSuper, blocks += kQ5_KBytes) {
        referenceSuperBlock(x, blocks, 31, -0.5f, 15, L);
        packQ5_KLevels(L, blocks + 16, blocks + 48);
    }
}

void quantizeQ6_KReference(const float* x, uint8_t* blocks, int64_t count)
{
    for (int64_t i = 0; i < count / kSuper; ++i, x += kSuper, blocks += kQ6_KBytes)
        q6_KSuperBlock(x, nullptr, blocks);
}

void quantizeQ4_KWeighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance)
{
    uint8_t L[kSuper];
    for (int64_t i = 0; i < rowLength / kSuper; ++i, x += kSuper, blocks += kQ4_KBytes) {
        weightedSuperBlock(x, importance + kSuper * i, blocks, 15, L);
        packQ4_KLevels(L, blocks + 16);
    }
}

void quantizeQ5_KWeighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance)
{
    uint8_t L[kSuper];
    for (int64_t i = 0; i < rowLength / kSuper; ++i, x += kSuper, blocks += kQ5_KBytes) {
        weightedSuperBlock(x, importance + kSuper * i, blocks, 31, L);
        packQ5_KLevels(L, blocks + 16, blocks + 48);
    }
}

void quantizeQ6_KWeighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance)
{
    for (int64_t i = 0; i < rowLength / kSuper; ++i, x += kSuper, blocks += kQ6_KBytes)
        q6_KSuperBlock(x, importance + kSuper * i, blocks);
}

} // namespace lw::gguf::detail

namespace lw::gguf {

void packKQuantLevels(GgmlType type, const int* levels, uint8_t* superBlock)
{
    using namespace detail;
    if (type == GgmlType::Q6_K) {
        int8_t stored[kSuper];
        for (int i = 0; i < kSuper; ++i)
            stored[i] = static_cast<int8_t>(levels[i] + 32);
        packQ6_KLevels(stored, superBlock, superBlock + 128);
        return;
    }
    uint8_t stored[kSuper];
    for (int i = 0; i < kSuper; ++i)
        stored[i] = static_cast<uint8_t>(levels[i]);
    if (type == GgmlType::Q4_K)
        packQ4_KLevels(stored, superBlock + 16);
    else if (type == GgmlType::Q5_K)
        packQ5_KLevels(stored, superBlock + 16, superBlock + 48);
    else
        throw Error::inField("format", std::string("'") + ggmlTypeInfo(type).name + "' is not a K-quant");
}

} // namespace lw::gguf
