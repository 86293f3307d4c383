// AVX2 + FMA matrix kernels of the decode path, for x86-64 CPUs without AVX-512 (most
// laptops, many cloud VMs). Compiled with per-function target attributes (never
// file-wide -m flags), and only called after the CPU has been checked.
//
// Tiles are R weight rows x J input rows (R <= 4, J <= 3): every step loads R weight
// vectors and J input vectors and issues R*J fused multiply-adds into R*J accumulators,
// so a weight row is read from memory once however many input rows there are. With 16
// ymm registers, 4 x 3 is the largest tile whose accumulators, inputs and one weight
// vector all stay in registers (12 + 3 + 1). The last k % 8 features are added in
// scalar code after the vector sums.
#include "core/generate/cpu_kernels_isa.h"

#if defined(__x86_64__)

#include <immintrin.h>

#include <cstring>

#define LW_AVX2 __attribute__((target("avx2,fma,f16c")))

namespace lw::generate::kernels::avx2 {

namespace {

constexpr int kMaxTileRows = 4;
constexpr int kMaxTileInputs = 3;

LW_AVX2 inline float reduceAdd(__m256 v)
{
    const __m128 quad = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 pair = _mm_add_ps(quad, _mm_movehl_ps(quad, quad));
    return _mm_cvtss_f32(_mm_add_ss(pair, _mm_movehdup_ps(pair)));
}

inline float bf16ToFloat(uint16_t v)
{
    const uint32_t bits = uint32_t(v) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

LW_AVX2 inline __m256 load8(const float* p) { return _mm256_loadu_ps(p); }

LW_AVX2 inline __m256 load8(const uint16_t* p)
{
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i*)p)), 16));
}

inline float scalar(float v) { return v; }
inline float scalar(uint16_t v) { return bf16ToFloat(v); }

// One R x J tile of y (+)= x * w^T (+ bias); W is float or bfloat16 (widened to float).
template <int R, int J, typename W>
LW_AVX2 void tile(const float* x, int64_t ldx, const W* w, const RowRange& g, int64_t r, int64_t i)
{
    const int64_t k = g.k;
    const W* wr = w + r * k;
    const float* xi = x + i * ldx;
    __m256 acc[R][J];
#pragma GCC unroll 4
    for (int rr = 0; rr < R; ++rr)
#pragma GCC unroll 4
        for (int jj = 0; jj < J; ++jj)
            acc[rr][jj] = _mm256_setzero_ps();
    int64_t kk = 0;
    for (; kk + 8 <= k; kk += 8) {
        __m256 xv[J];
#pragma GCC unroll 4
        for (int jj = 0; jj < J; ++jj)
            xv[jj] = _mm256_loadu_ps(xi + jj * ldx + kk);
#pragma GCC unroll 4
        for (int rr = 0; rr < R; ++rr) {
            const __m256 wv = load8(wr + rr * k + kk);
#pragma GCC unroll 4
            for (int jj = 0; jj < J; ++jj)
                acc[rr][jj] = _mm256_fmadd_ps(wv, xv[jj], acc[rr][jj]);
        }
    }
    for (int rr = 0; rr < R; ++rr)
        for (int jj = 0; jj < J; ++jj) {
            float s = reduceAdd(acc[rr][jj]);
            for (int64_t t = kk; t < k; ++t)
                s += scalar(wr[rr * k + t]) * xi[jj * ldx + t];
            s += g.bias ? g.bias[r + rr] : 0.0f;
            float* out = g.y + (i + jj) * g.ldy + r + rr;
            *out = g.accumulate ? *out + s : s;
        }
}

// Walks the range in tiles: weight rows outside (each block read once), input rows
// inside (they stay in cache).
template <typename W>
LW_AVX2 void forEachTile(const float* x, int64_t ldx, const W* w, const RowRange& g)
{
    for (int64_t r = g.r0; r < g.r1; r += kMaxTileRows) {
        const int64_t rows = g.r1 - r < kMaxTileRows ? g.r1 - r : kMaxTileRows;
        for (int64_t i = 0; i < g.m; i += kMaxTileInputs) {
            const int64_t cols = g.m - i < kMaxTileInputs ? g.m - i : kMaxTileInputs;
            switch (rows * 4 + cols) {
#define LW_TILE_CASE(R, J)                                                                                             \
    case R * 4 + J:                                                                                                    \
        tile<R, J>(x, ldx, w, g, r, i);                                                                               \
        break;
                LW_TILE_CASE(1, 1) LW_TILE_CASE(1, 2) LW_TILE_CASE(1, 3)
                LW_TILE_CASE(2, 1) LW_TILE_CASE(2, 2) LW_TILE_CASE(2, 3)
                LW_TILE_CASE(3, 1) LW_TILE_CASE(3, 2) LW_TILE_CASE(3, 3)
                LW_TILE_CASE(4, 1) LW_TILE_CASE(4, 2) LW_TILE_CASE(4, 3)
#undef LW_TILE_CASE
            }
        }
    }
}

// Eight floats to bfloat16, rounding to nearest even; NaNs stay (quiet) NaNs.
LW_AVX2 inline __m128i toBf16x8(__m256 v)
{
    const __m256i bits = _mm256_castps_si256(v);
    const __m256i odd = _mm256_and_si256(_mm256_srli_epi32(bits, 16), _mm256_set1_epi32(1));
    const __m256i rounded = _mm256_srli_epi32(_mm256_add_epi32(_mm256_add_epi32(bits, _mm256_set1_epi32(0x7FFF)), odd), 16);
    const __m256i quietNan = _mm256_or_si256(_mm256_srli_epi32(bits, 16), _mm256_set1_epi32(0x40));
    const __m256i isNan = _mm256_castps_si256(_mm256_cmp_ps(v, v, _CMP_UNORD_Q));
    const __m256i halves = _mm256_blendv_epi8(rounded, quietNan, isNan);
    // packus works per 128-bit lane: gather the two lanes' four results into the low half.
    const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(halves, halves), 0x08);
    return _mm256_castsi256_si128(packed);
}

} // namespace

bool available()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}

LW_AVX2 void linearF32(const float* x, int64_t ldx, const float* w, const RowRange& g)
{
    forEachTile(x, ldx, w, g);
}

LW_AVX2 void linearBf16Widen(const float* x, int64_t ldx, const uint16_t* w, const RowRange& g)
{
    forEachTile(x, ldx, w, g);
}

LW_AVX2 void floatToBf16(const float* x, uint16_t* y, int64_t n)
{
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128((__m128i*)(y + i), toBf16x8(_mm256_loadu_ps(x + i)));
    if (i < n) {
        float in[8] = {};
        uint16_t out[8];
        std::memcpy(in, x + i, sizeof(float) * size_t(n - i));
        _mm_storeu_si128((__m128i*)out, toBf16x8(_mm256_loadu_ps(in)));
        std::memcpy(y + i, out, sizeof(uint16_t) * size_t(n - i));
    }
}

LW_AVX2 float sum(const float* x, int64_t n)
{
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a0 = _mm256_add_ps(a0, _mm256_loadu_ps(x + i));
        a1 = _mm256_add_ps(a1, _mm256_loadu_ps(x + i + 8));
        a2 = _mm256_add_ps(a2, _mm256_loadu_ps(x + i + 16));
        a3 = _mm256_add_ps(a3, _mm256_loadu_ps(x + i + 24));
    }
    float s = reduceAdd(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
    for (; i < n; ++i)
        s += x[i];
    return s;
}

} // namespace lw::generate::kernels::avx2

#else // not x86-64: never available, so never called

namespace lw::generate::kernels::avx2 {
bool available() { return false; }
void linearF32(const float*, int64_t, const float*, const RowRange&) {}
void linearBf16Widen(const float*, int64_t, const uint16_t*, const RowRange&) {}
void floatToBf16(const float*, uint16_t*, int64_t) {}
float sum(const float*, int64_t) { return 0; }
} // namespace lw::generate::kernels::avx2

#endif
