// The AVX2 prefill kernels of Q4_0 and Q8_0 (products with several input rows): each
// call repacks a slab of weight rows, once, into a thread-local buffer where every
// 32-element block of 8 weight rows is 8 registers of 32 bytes, register k holding
// elements 4k .. 4k + 3 of each of the 8 rows. Four input bytes broadcast to all
// lanes then meet 8 weight rows in one vpmaddubsw, so a block's 8 x J dot products end
// in 8-lane int32 vectors, one per input row, with no horizontal sums, and their float
// scaling costs one FMA per 8 outputs. The decode kernels (cpu_kernels_quant_x86.inc)
// instead decode a block per weight row and spend a horizontal sum and a float FMA per
// output and block.
//
// Memory: the slab is about 128 KB of levels per thread, rebuilt by each call; the model
// keeps one copy of its weights, in the file's layout.
//
// Integer ranges: Q4_0 levels are unsigned 0..15 and the inputs' levels |q| <= 127, so
// an int16 lane of vpmaddubsw is at most 2 * 15 * 127 = 3810 and eight of them (one
// block) add to at most 30480 < 32767 before vpmaddwd widens them; the level offset 8
// is taken off in float, as the row kernels do, from the inputs' d * sum(q). Q8_0 levels use the sign trick (|w| with the sign
// of w moved onto the input, at most 2 * 128 * 127 per int16 lane) and widen every step.
#include "core/generate/cpu_kernels_quant_isa.h"

#if defined(__x86_64__)

#include <algorithm>
#include <cstring>
#include <immintrin.h>
#include <vector>

#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c,bmi2")

namespace lw::generate::kernels::avx2 {

namespace {

constexpr int kGroup = kQuantPrefillRowGroup;        // weight rows per register tile
constexpr int64_t kGroupBlockBytes = 32 * kGroup;   // one block of a group's levels
constexpr int64_t kSlabLevelBytes = int64_t(128) << 10; // levels repacked per slab

// A slab of repacked weight rows: per group of 8 rows and block, 256 bytes of levels
// (see the top of the file) and 8 float scales. Rows past the slab's end are zeros.
struct Slab {
    std::vector<uint8_t> storage;
    uint8_t* levels = nullptr;
    float* scales = nullptr;
    int64_t groups = 0, blocks = 0;

    const uint8_t* groupLevels(int64_t g) const { return levels + g * blocks * kGroupBlockBytes; }
    const float* groupScales(int64_t g) const { return scales + g * blocks * kGroup; }
};

inline float halfAt(const uint8_t* p)
{
    uint16_t h;
    std::memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

// The 32 levels of a block in element order: Q4_0's nibbles (low: elements 0..15, high:
// 16..31), Q8_0's bytes.
template <WeightType T>
inline __m256i blockLevels(const uint8_t* block)
{
    if constexpr (T == WeightType::Q4_0) {
        const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 2));
        return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(raw, 4), raw), _mm256_set1_epi8(15));
    } else {
        return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 2));
    }
}

// Transposes 8 rows of 8 four-byte elements in place: afterwards v[k] holds element k of
// every row, row order.
inline void transpose8x4Bytes(__m256i* v)
{
    __m256i t[8], u[8];
    for (int p = 0; p < 4; ++p) {
        t[2 * p] = _mm256_unpacklo_epi32(v[2 * p], v[2 * p + 1]);     // elements 0, 1 | 4, 5 of rows 2p, 2p+1
        t[2 * p + 1] = _mm256_unpackhi_epi32(v[2 * p], v[2 * p + 1]); // elements 2, 3 | 6, 7
    }
    for (int h = 0; h < 2; ++h) { // rows 0..3, then 4..7
        u[4 * h + 0] = _mm256_unpacklo_epi64(t[4 * h], t[4 * h + 2]);     // element 0 | 4 of four rows
        u[4 * h + 1] = _mm256_unpackhi_epi64(t[4 * h], t[4 * h + 2]);     // 1 | 5
        u[4 * h + 2] = _mm256_unpacklo_epi64(t[4 * h + 1], t[4 * h + 3]); // 2 | 6
        u[4 * h + 3] = _mm256_unpackhi_epi64(t[4 * h + 1], t[4 * h + 3]); // 3 | 7
    }
    for (int k = 0; k < 4; ++k) {
        v[k] = _mm256_permute2x128_si256(u[k], u[4 + k], 0x20);
        v[k + 4] = _mm256_permute2x128_si256(u[k], u[4 + k], 0x31);
    }
}

// Repacks weight rows [r0, r1) into `slab`, in groups of kGroup rows.
template <WeightType T>
void repack(const WeightMatrix& w, int64_t r0, int64_t r1, Slab& slab)
{
    constexpr int64_t kBlockBytes = T == WeightType::Q4_0 ? 18 : 34;
    slab.blocks = w.cols / 32;
    slab.groups = (r1 - r0 + kGroup - 1) / kGroup;
    const int64_t levelBytes = slab.groups * slab.blocks * kGroupBlockBytes;
    const int64_t scaleBytes = slab.groups * slab.blocks * kGroup * int64_t(sizeof(float));
    slab.storage.resize(size_t(levelBytes + scaleBytes + 64));
    // 64-byte aligned, so no 32-byte load of the levels crosses a cache line.
    uint8_t* base = slab.storage.data() + (64 - reinterpret_cast<uintptr_t>(slab.storage.data()) % 64) % 64;
    slab.levels = base;
    slab.scales = reinterpret_cast<float*>(base + levelBytes);
    const int64_t rowBytes = w.rowBytes();
    for (int64_t g = 0; g < slab.groups; ++g) {
        const uint8_t* rows[kGroup];
        for (int slot = 0; slot < kGroup; ++slot) {
            const int64_t r = r0 + g * kGroup + slot;
            rows[slot] = r < r1 ? static_cast<const uint8_t*>(w.data) + r * rowBytes : nullptr;
        }
        for (int64_t b = 0; b < slab.blocks; ++b) {
            __m256i v[kGroup];
            float* scales = slab.scales + (g * slab.blocks + b) * kGroup;
            for (int slot = 0; slot < kGroup; ++slot) {
                // Rows past r1 are zeros, whose outputs are never stored.
                v[slot] = rows[slot] ? blockLevels<T>(rows[slot] + b * kBlockBytes) : _mm256_setzero_si256();
                scales[slot] = rows[slot] ? halfAt(rows[slot] + b * kBlockBytes) : 0.0f;
            }
            transpose8x4Bytes(v);
            uint8_t* to = slab.levels + (g * slab.blocks + b) * kGroupBlockBytes;
            for (int k = 0; k < 8; ++k)
                _mm256_store_si256(reinterpret_cast<__m256i*>(to + 32 * k), v[k]);
        }
    }
}

inline __m256i broadcast4(const int8_t* p)
{
    int32_t v;
    std::memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

// The products of one group of 8 weight rows with input rows i .. i + J - 1: sums[j]
// holds the 8 rows' outputs for input row i + j.
template <WeightType T, int J>
void multiplyGroup(const uint8_t* levels, const float* scales, const QuantInput& in, int64_t i, __m256* sums)
{
    const int64_t blocks = in.k / 32;
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[J];
#pragma GCC unroll 4
    for (int j = 0; j < J; ++j)
        acc[j] = _mm256_setzero_ps();
    for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t* wb = levels + b * kGroupBlockBytes;
        const int8_t* x = in.q + i * in.k + b * 32;
        __m256i dot[J];
        if constexpr (T == WeightType::Q4_0) {
            __m256i pairs[J];
#pragma GCC unroll 4
            for (int j = 0; j < J; ++j)
                pairs[j] = _mm256_setzero_si256();
#pragma GCC unroll 8
            for (int k = 0; k < 8; ++k) {
                const __m256i wk = _mm256_load_si256(reinterpret_cast<const __m256i*>(wb + 32 * k));
#pragma GCC unroll 4
                for (int j = 0; j < J; ++j)
                    pairs[j] = _mm256_add_epi16(pairs[j], _mm256_maddubs_epi16(wk, broadcast4(x + j * in.k + 4 * k)));
            }
#pragma GCC unroll 4
            for (int j = 0; j < J; ++j)
                dot[j] = _mm256_madd_epi16(pairs[j], ones);
        } else {
            static_assert(T == WeightType::Q8_0);
#pragma GCC unroll 4
            for (int j = 0; j < J; ++j)
                dot[j] = _mm256_setzero_si256();
#pragma GCC unroll 8
            for (int k = 0; k < 8; ++k) {
                const __m256i wk = _mm256_load_si256(reinterpret_cast<const __m256i*>(wb + 32 * k));
                const __m256i magnitudes = _mm256_abs_epi8(wk);
#pragma GCC unroll 4
                for (int j = 0; j < J; ++j) {
                    const __m256i signedX = _mm256_sign_epi8(broadcast4(x + j * in.k + 4 * k), wk);
                    dot[j] = _mm256_add_epi32(dot[j], _mm256_madd_epi16(_mm256_maddubs_epi16(magnitudes, signedX), ones));
                }
            }
        }
        const __m256 dw = _mm256_load_ps(scales + b * kGroup);
        [[maybe_unused]] const __m256 offsetScale = _mm256_mul_ps(dw, _mm256_set1_ps(8.0f));
#pragma GCC unroll 4
        for (int j = 0; j < J; ++j) {
            const __m256 scale = _mm256_mul_ps(dw, _mm256_set1_ps(in.d[(i + j) * blocks + b]));
            acc[j] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot[j]), scale, acc[j]);
            // Q4_0's level offset: 8 * d_w * (d_x * sum(q)), the input block's s.
            if constexpr (T == WeightType::Q4_0)
                acc[j] = _mm256_fnmadd_ps(offsetScale, _mm256_set1_ps(in.s[(i + j) * blocks + b]), acc[j]);
        }
    }
#pragma GCC unroll 4
    for (int j = 0; j < J; ++j)
        sums[j] = acc[j];
}

// y[i + j][r .. r + n) = sums[j] (+ bias, + y with accumulate), n <= 8 valid rows.
void storeGroup(const __m256* sums, int J, int64_t i, int64_t r, int n, const QuantOutput& out)
{
    for (int j = 0; j < J; ++j) {
        float* y = out.y + (i + j) * out.ldy + r;
        if (n == kGroup) {
            // Added in the row kernels' order: (y +) sums (+ bias).
            __m256 v = out.accumulate ? _mm256_add_ps(_mm256_loadu_ps(y), sums[j]) : sums[j];
            if (out.bias)
                v = _mm256_add_ps(v, _mm256_loadu_ps(out.bias + r));
            _mm256_storeu_ps(y, v);
            continue;
        }
        alignas(32) float v[kGroup];
        _mm256_store_ps(v, sums[j]);
        for (int t = 0; t < n; ++t)
            y[t] = (out.accumulate ? y[t] : 0.0f) + v[t] + (out.bias ? out.bias[r + t] : 0.0f);
    }
}

template <WeightType T>
void prefillRows(const WeightMatrix& w, const QuantInput& in, const QuantOutput& out, int64_t r0, int64_t r1)
{
    thread_local Slab slab;
    const int64_t slabRows = std::max<int64_t>(kGroup, kSlabLevelBytes / w.cols / kGroup * kGroup);
    for (int64_t s0 = r0; s0 < r1; s0 += slabRows) {
        const int64_t s1 = std::min(r1, s0 + slabRows);
        repack<T>(w, s0, s1, slab);
        // Input rows in tiles that stay in cache while the slab's groups pass over them.
        for (int64_t i0 = 0; i0 < in.m; i0 += kQuantInputTile) {
            const int64_t i1 = std::min(in.m, i0 + kQuantInputTile);
            for (int64_t g = 0; g < slab.groups; ++g) {
                const int64_t r = s0 + g * kGroup;
                const int n = int(std::min<int64_t>(kGroup, s1 - r));
                for (int64_t i = i0; i < i1; i += kQuantInputGroup) {
                    __m256 sums[kQuantInputGroup];
                    const int J = int(std::min<int64_t>(kQuantInputGroup, i1 - i));
                    static_assert(kQuantInputGroup == 4, "the cases below");
                    switch (J) {
                    case 1: multiplyGroup<T, 1>(slab.groupLevels(g), slab.groupScales(g), in, i, sums); break;
                    case 2: multiplyGroup<T, 2>(slab.groupLevels(g), slab.groupScales(g), in, i, sums); break;
                    case 3: multiplyGroup<T, 3>(slab.groupLevels(g), slab.groupScales(g), in, i, sums); break;
                    default: multiplyGroup<T, 4>(slab.groupLevels(g), slab.groupScales(g), in, i, sums); break;
                    }
                    storeGroup(sums, J, i, r, n, out);
                }
            }
        }
    }
}

} // namespace

bool quantPrefillHandles(WeightType type)
{
    return type == WeightType::Q4_0 || type == WeightType::Q8_0;
}

void quantPrefillRows(const WeightMatrix& w, const QuantInput& in, const QuantOutput& out, int64_t r0, int64_t r1)
{
    if (w.type == WeightType::Q4_0)
        prefillRows<WeightType::Q4_0>(w, in, out, r0, r1);
    else
        prefillRows<WeightType::Q8_0>(w, in, out, r0, r1);
}

} // namespace lw::generate::kernels::avx2

#pragma GCC pop_options

#else // not x86-64: never available, so never called

namespace lw::generate::kernels::avx2 {
bool quantPrefillHandles(WeightType) { return false; }
void quantPrefillRows(const WeightMatrix&, const QuantInput&, const QuantOutput&, int64_t, int64_t) {}
} // namespace lw::generate::kernels::avx2

#endif
