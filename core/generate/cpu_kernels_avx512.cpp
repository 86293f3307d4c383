// AVX-512 matrix kernels of the decode path. Compiled with per-function target
// attributes (never file-wide -m flags), and only called after the CPU has been checked.
//
// Tiles are R weight rows x J input rows (R, J <= 4): every step loads R weight vectors
// and J input vectors and issues R*J fused multiply-adds into R*J accumulators, so a
// weight row is read from memory once however many input rows there are.
#include "core/generate/cpu_kernels_isa.h"

#if defined(__x86_64__)

#include <immintrin.h>

// GCC 12's AVX-512 headers build some intrinsics (reductions, masked loads) from
// deliberately undefined registers and then warn about them.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#define LW_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,fma,bmi2")))
#define LW_AVX512_BF16 __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,fma,bmi2,avx512bf16")))

namespace lw::generate::kernels::avx512 {

namespace {

template <int R, int J>
LW_AVX512 inline void storeTile(const float (&sums)[R][J], const RowRange& g, int64_t r, int64_t i)
{
    for (int rr = 0; rr < R; ++rr)
        for (int jj = 0; jj < J; ++jj) {
            float v = sums[rr][jj] + (g.bias ? g.bias[r + rr] : 0.0f);
            float* out = g.y + (i + jj) * g.ldy + r + rr;
            *out = g.accumulate ? *out + v : v;
        }
}

template <int R, int J>
LW_AVX512 void tileF32(const float* x, int64_t ldx, const float* w, const RowRange& g, int64_t r, int64_t i)
{
    const int64_t k = g.k;
    const float* wr = w + r * k;
    const float* xi = x + i * ldx;
    __m512 acc[R][J];
#pragma GCC unroll 4
    for (int rr = 0; rr < R; ++rr)
#pragma GCC unroll 4
        for (int jj = 0; jj < J; ++jj)
            acc[rr][jj] = _mm512_setzero_ps();
    int64_t kk = 0;
    for (; kk + 16 <= k; kk += 16) {
        __m512 xv[J];
#pragma GCC unroll 4
        for (int jj = 0; jj < J; ++jj)
            xv[jj] = _mm512_loadu_ps(xi + jj * ldx + kk);
#pragma GCC unroll 4
        for (int rr = 0; rr < R; ++rr) {
            const __m512 wv = _mm512_loadu_ps(wr + rr * k + kk);
#pragma GCC unroll 4
            for (int jj = 0; jj < J; ++jj)
                acc[rr][jj] = _mm512_fmadd_ps(wv, xv[jj], acc[rr][jj]);
        }
    }
    if (kk < k) {
        const __mmask16 mask = __mmask16((1u << (k - kk)) - 1);
        __m512 xv[J];
        for (int jj = 0; jj < J; ++jj)
            xv[jj] = _mm512_maskz_loadu_ps(mask, xi + jj * ldx + kk);
        for (int rr = 0; rr < R; ++rr) {
            const __m512 wv = _mm512_maskz_loadu_ps(mask, wr + rr * k + kk);
            for (int jj = 0; jj < J; ++jj)
                acc[rr][jj] = _mm512_fmadd_ps(wv, xv[jj], acc[rr][jj]);
        }
    }
    float sums[R][J];
    for (int rr = 0; rr < R; ++rr)
        for (int jj = 0; jj < J; ++jj)
            sums[rr][jj] = _mm512_reduce_add_ps(acc[rr][jj]);
    storeTile<R, J>(sums, g, r, i);
}

template <int R, int J>
LW_AVX512_BF16 void tileBf16Dot(const uint16_t* x, int64_t ldx, const uint16_t* w, const RowRange& g, int64_t r,
                                int64_t i)
{
    const int64_t k = g.k;
    const uint16_t* wr = w + r * k;
    const uint16_t* xi = x + i * ldx;
    __m512 acc[R][J];
#pragma GCC unroll 4
    for (int rr = 0; rr < R; ++rr)
#pragma GCC unroll 4
        for (int jj = 0; jj < J; ++jj)
            acc[rr][jj] = _mm512_setzero_ps();
    int64_t kk = 0;
    for (; kk + 32 <= k; kk += 32) {
        __m512bh xv[J];
#pragma GCC unroll 4
        for (int jj = 0; jj < J; ++jj)
            xv[jj] = (__m512bh)_mm512_loadu_si512(xi + jj * ldx + kk);
#pragma GCC unroll 4
        for (int rr = 0; rr < R; ++rr) {
            const __m512bh wv = (__m512bh)_mm512_loadu_si512(wr + rr * k + kk);
#pragma GCC unroll 4
            for (int jj = 0; jj < J; ++jj)
                acc[rr][jj] = _mm512_dpbf16_ps(acc[rr][jj], wv, xv[jj]);
        }
    }
    if (kk < k) {
        const __mmask32 mask = __mmask32((uint64_t(1) << (k - kk)) - 1);
        __m512bh xv[J];
        for (int jj = 0; jj < J; ++jj)
            xv[jj] = (__m512bh)_mm512_maskz_loadu_epi16(mask, xi + jj * ldx + kk);
        for (int rr = 0; rr < R; ++rr) {
            const __m512bh wv = (__m512bh)_mm512_maskz_loadu_epi16(mask, wr + rr * k + kk);
            for (int jj = 0; jj < J; ++jj)
                acc[rr][jj] = _mm512_dpbf16_ps(acc[rr][jj], wv, xv[jj]);
        }
    }
    float sums[R][J];
    for (int rr = 0; rr < R; ++rr)
        for (int jj = 0; jj < J; ++jj)
            sums[rr][jj] = _mm512_reduce_add_ps(acc[rr][jj]);
    storeTile<R, J>(sums, g, r, i);
}

LW_AVX512 inline __m512 widenBf16(const uint16_t* p)
{
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i*)p)), 16));
}

LW_AVX512 inline __m512 widenBf16Masked(const uint16_t* p, __mmask16 mask)
{
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(mask, p)), 16));
}

template <int R, int J>
LW_AVX512 void tileBf16Widen(const float* x, int64_t ldx, const uint16_t* w, const RowRange& g, int64_t r, int64_t i)
{
    const int64_t k = g.k;
    const uint16_t* wr = w + r * k;
    const float* xi = x + i * ldx;
    __m512 acc[R][J];
    for (int rr = 0; rr < R; ++rr)
        for (int jj = 0; jj < J; ++jj)
            acc[rr][jj] = _mm512_setzero_ps();
    int64_t kk = 0;
    for (; kk + 16 <= k; kk += 16) {
        __m512 xv[J];
        for (int jj = 0; jj < J; ++jj)
            xv[jj] = _mm512_loadu_ps(xi + jj * ldx + kk);
        for (int rr = 0; rr < R; ++rr) {
            const __m512 wv = widenBf16(wr + rr * k + kk);
            for (int jj = 0; jj < J; ++jj)
                acc[rr][jj] = _mm512_fmadd_ps(wv, xv[jj], acc[rr][jj]);
        }
    }
    if (kk < k) {
        const __mmask16 mask = __mmask16((1u << (k - kk)) - 1);
        __m512 xv[J];
        for (int jj = 0; jj < J; ++jj)
            xv[jj] = _mm512_maskz_loadu_ps(mask, xi + jj * ldx + kk);
        for (int rr = 0; rr < R; ++rr) {
            const __m512 wv = widenBf16Masked(wr + rr * k + kk, mask);
            for (int jj = 0; jj < J; ++jj)
                acc[rr][jj] = _mm512_fmadd_ps(wv, xv[jj], acc[rr][jj]);
        }
    }
    float sums[R][J];
    for (int rr = 0; rr < R; ++rr)
        for (int jj = 0; jj < J; ++jj)
            sums[rr][jj] = _mm512_reduce_add_ps(acc[rr][jj]);
    storeTile<R, J>(sums, g, r, i);
}

// Walks the range in tiles: weight rows outside (each block read once), input rows
// inside (they stay in cache).
template <template <int, int> class Tile, typename X, typename W>
inline void forEachTile(const X* x, int64_t ldx, const W* w, const RowRange& g)
{
    for (int64_t r = g.r0; r < g.r1; r += 4) {
        const int64_t rows = g.r1 - r < 4 ? g.r1 - r : 4;
        for (int64_t i = 0; i < g.m; i += 4) {
            const int64_t cols = g.m - i < 4 ? g.m - i : 4;
            switch (rows * 4 + cols) {
#define LW_TILE_CASE(R, J)                                                                                             \
    case R * 4 + J:                                                                                                    \
        Tile<R, J>::run(x, ldx, w, g, r, i);                                                                          \
        break;
                LW_TILE_CASE(1, 1) LW_TILE_CASE(1, 2) LW_TILE_CASE(1, 3) LW_TILE_CASE(1, 4)
                LW_TILE_CASE(2, 1) LW_TILE_CASE(2, 2) LW_TILE_CASE(2, 3) LW_TILE_CASE(2, 4)
                LW_TILE_CASE(3, 1) LW_TILE_CASE(3, 2) LW_TILE_CASE(3, 3) LW_TILE_CASE(3, 4)
                LW_TILE_CASE(4, 1) LW_TILE_CASE(4, 2) LW_TILE_CASE(4, 3) LW_TILE_CASE(4, 4)
#undef LW_TILE_CASE
            }
        }
    }
}

template <int R, int J>
struct F32Tile {
    LW_AVX512 static void run(const float* x, int64_t ldx, const float* w, const RowRange& g, int64_t r, int64_t i)
    {
        tileF32<R, J>(x, ldx, w, g, r, i);
    }
};

template <int R, int J>
struct Bf16DotTile {
    LW_AVX512_BF16 static void run(const uint16_t* x, int64_t ldx, const uint16_t* w, const RowRange& g, int64_t r,
                                   int64_t i)
    {
        tileBf16Dot<R, J>(x, ldx, w, g, r, i);
    }
};

template <int R, int J>
struct Bf16WidenTile {
    LW_AVX512 static void run(const float* x, int64_t ldx, const uint16_t* w, const RowRange& g, int64_t r, int64_t i)
    {
        tileBf16Widen<R, J>(x, ldx, w, g, r, i);
    }
};

} // namespace

bool available()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("bmi2");
}

bool bf16Available()
{
    return available() && __builtin_cpu_supports("avx512bf16");
}

LW_AVX512 void linearF32(const float* x, int64_t ldx, const float* w, const RowRange& g)
{
    forEachTile<F32Tile>(x, ldx, w, g);
}

LW_AVX512_BF16 void linearBf16Dot(const uint16_t* x, int64_t ldx, const uint16_t* w, const RowRange& g)
{
    forEachTile<Bf16DotTile>(x, ldx, w, g);
}

LW_AVX512 void linearBf16Widen(const float* x, int64_t ldx, const uint16_t* w, const RowRange& g)
{
    forEachTile<Bf16WidenTile>(x, ldx, w, g);
}

LW_AVX512_BF16 void floatToBf16(const float* x, uint16_t* y, int64_t n)
{
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm256_storeu_si256((__m256i*)(y + i), (__m256i)_mm512_cvtneps_pbh(_mm512_loadu_ps(x + i)));
    if (i < n) {
        const __mmask16 mask = __mmask16((1u << (n - i)) - 1);
        _mm256_mask_storeu_epi16(y + i, mask, (__m256i)_mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(mask, x + i)));
    }
}

LW_AVX512 float sum(const float* x, int64_t n)
{
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    int64_t i = 0;
    for (; i + 64 <= n; i += 64) {
        a0 = _mm512_add_ps(a0, _mm512_loadu_ps(x + i));
        a1 = _mm512_add_ps(a1, _mm512_loadu_ps(x + i + 16));
        a2 = _mm512_add_ps(a2, _mm512_loadu_ps(x + i + 32));
        a3 = _mm512_add_ps(a3, _mm512_loadu_ps(x + i + 48));
    }
    float s = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
    for (; i < n; ++i)
        s += x[i];
    return s;
}

} // namespace lw::generate::kernels::avx512

#else // not x86-64: never available, so never called

namespace lw::generate::kernels::avx512 {
bool available() { return false; }
bool bf16Available() { return false; }
void linearF32(const float*, int64_t, const float*, const RowRange&) {}
void linearBf16Dot(const uint16_t*, int64_t, const uint16_t*, const RowRange&) {}
void linearBf16Widen(const float*, int64_t, const uint16_t*, const RowRange&) {}
void floatToBf16(const float*, uint16_t*, int64_t) {}
float sum(const float*, int64_t) { return 0; }
} // namespace lw::generate::kernels::avx512

#endif
