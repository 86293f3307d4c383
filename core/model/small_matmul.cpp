#include "core/model/small_matmul.h"

#include <cstdlib>
// GCC 12's AVX-512 headers start unpack intrinsics from _mm512_undefined_ps(), which its
// -Wmaybe-uninitialized reports once inlined (a known false positive, fixed in GCC 13).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

extern "C" {
// From the system BLAS (OpenBLAS on Debian), the same library LibTorch multiplies with.
enum CBLAS_ORDER { CblasRowMajor = 101 };
enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112 };
void cblas_sgemm(CBLAS_ORDER order, CBLAS_TRANSPOSE transA, CBLAS_TRANSPOSE transB, int m, int n, int k, float alpha,
                 const float* a, int lda, const float* b, int ldb, float beta, float* c, int ldc);
}

namespace lw::model::cpu {

namespace {

// Rows of C per micro-tile and 16-float vectors per row: 6 x 4 accumulators leave room
// for the four B vectors and one broadcast in the 32 AVX-512 registers.
constexpr int kTileRows = 6;
constexpr int kTileVectors = 4;
constexpr int64_t kTileColumns = 16 * kTileVectors;

// Everything below runs only after the CPU check in smallMatmul. The helpers have
// internal linkage, so no AVX-512 code can stand in for an inline function of
// another translation unit.
#define LW_AVX512 __attribute__((target("avx512f,fma")))

template <int Rows, int Vectors>
LW_AVX512 void microTile(int64_t k, float alpha, const float* a, int64_t aRowStride, int64_t aColStride, const float* b,
                         int64_t ldb, float* c, int64_t ldc, __mmask16 lastMask, bool accumulate)
{
    __m512 acc[Rows][Vectors];
#pragma GCC unroll 8
    for (int i = 0; i < Rows; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < Vectors; ++v)
            acc[i][v] = _mm512_setzero_ps();
    for (int64_t p = 0; p < k; ++p) {
        const float* bRow = b + p * ldb;
        __m512 bv[Vectors];
#pragma GCC unroll 4
        for (int v = 0; v < Vectors - 1; ++v)
            bv[v] = _mm512_loadu_ps(bRow + 16 * v);
        bv[Vectors - 1] = _mm512_maskz_loadu_ps(lastMask, bRow + 16 * (Vectors - 1));
        const float* aCol = a + p * aColStride;
#pragma GCC unroll 8
        for (int i = 0; i < Rows; ++i) {
            const __m512 ai = _mm512_set1_ps(aCol[i * aRowStride]);
#pragma GCC unroll 4
            for (int v = 0; v < Vectors; ++v)
                acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
        }
    }
    const __m512 alphaV = _mm512_set1_ps(alpha);
#pragma GCC unroll 8
    for (int i = 0; i < Rows; ++i) {
#pragma GCC unroll 4
        for (int v = 0; v < Vectors; ++v) {
            const __mmask16 mask = v == Vectors - 1 ? lastMask : __mmask16(0xFFFF);
            float* out = c + i * ldc + 16 * v;
            __m512 r = _mm512_mul_ps(acc[i][v], alphaV);
            if (accumulate)
                r = _mm512_add_ps(r, _mm512_maskz_loadu_ps(mask, out));
            _mm512_mask_storeu_ps(out, mask, r);
        }
    }
}

using MicroTileFn = void (*)(int64_t, float, const float*, int64_t, int64_t, const float*, int64_t, float*, int64_t,
                             __mmask16, bool);

template <int Rows>
constexpr MicroTileFn tileFor(int vectors)
{
    return vectors == 1 ? microTile<Rows, 1>
                        : vectors == 2 ? microTile<Rows, 2> : vectors == 3 ? microTile<Rows, 3> : microTile<Rows, 4>;
}

MicroTileFn tileFunction(int rows, int vectors)
{
    static const MicroTileFn table[kTileRows][kTileVectors] = {
        {tileFor<1>(1), tileFor<1>(2), tileFor<1>(3), tileFor<1>(4)},
        {tileFor<2>(1), tileFor<2>(2), tileFor<2>(3), tileFor<2>(4)},
        {tileFor<3>(1), tileFor<3>(2), tileFor<3>(3), tileFor<3>(4)},
        {tileFor<4>(1), tileFor<4>(2), tileFor<4>(3), tileFor<4>(4)},
        {tileFor<5>(1), tileFor<5>(2), tileFor<5>(3), tileFor<5>(4)},
        {tileFor<6>(1), tileFor<6>(2), tileFor<6>(3), tileFor<6>(4)},
    };
    return table[rows - 1][vectors - 1];
}

void vectorisedMatmul(int64_t m, int64_t n, int64_t k, float alpha, StridedMatrix a, const float* b, int64_t ldb,
                      float* c, int64_t ldc, bool accumulate)
{
    // Column panels outside, row tiles inside: one (k x 64) panel of B stays in L1
    // while every row tile of A streams past it.
    for (int64_t j0 = 0; j0 < n; j0 += kTileColumns) {
        const int64_t columns = n - j0 < kTileColumns ? n - j0 : kTileColumns;
        const int vectors = int((columns + 15) / 16);
        const int lastWidth = int(columns - 16 * (vectors - 1));
        const __mmask16 lastMask = __mmask16((1u << lastWidth) - 1u);
        for (int64_t i0 = 0; i0 < m; i0 += kTileRows) {
            const int rows = int(m - i0 < kTileRows ? m - i0 : kTileRows);
            tileFunction(rows, vectors)(k, alpha, a.data + i0 * a.rowStride, a.rowStride, a.colStride, b + j0, ldb,
                                        c + i0 * ldc + j0, ldc, lastMask, accumulate);
        }
    }
}

// In-register transpose of a 16 x 16 block: unpack pairs of rows, then pairs of pairs,
// then exchange 128-bit lanes twice. Afterwards r[j] holds column j.
LW_AVX512 void transpose16x16(__m512 r[16])
{
    __m512 t[16];
    for (int i = 0; i < 8; ++i) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    for (int i = 0; i < 4; ++i) {
        const __m512d a = _mm512_castps_pd(t[4 * i]), b = _mm512_castps_pd(t[4 * i + 1]);
        const __m512d c = _mm512_castps_pd(t[4 * i + 2]), d = _mm512_castps_pd(t[4 * i + 3]);
        r[4 * i] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
        r[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
        r[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
        r[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
    }
    // Lane k of r[4i + j] now holds column j + 4k of rows 4i..4i+3.
    for (int j = 0; j < 4; ++j) {
        t[j] = _mm512_shuffle_f32x4(r[j], r[4 + j], 0x88);
        t[4 + j] = _mm512_shuffle_f32x4(r[j], r[4 + j], 0xdd);
        t[8 + j] = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0x88);
        t[12 + j] = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0xdd);
    }
    for (int j = 0; j < 4; ++j) {
        r[j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0x88);
        r[8 + j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0xdd);
        r[4 + j] = _mm512_shuffle_f32x4(t[4 + j], t[12 + j], 0x88);
        r[12 + j] = _mm512_shuffle_f32x4(t[4 + j], t[12 + j], 0xdd);
    }
}

LW_AVX512 void vectorisedTranspose(const float* src, int64_t srcStride, int64_t rows, int64_t cols, float* dst,
                                   int64_t ldDst)
{
    const int64_t fullRows = rows / 16 * 16, fullCols = cols / 16 * 16;
    for (int64_t i0 = 0; i0 < fullRows; i0 += 16)
        for (int64_t j0 = 0; j0 < fullCols; j0 += 16) {
            __m512 r[16];
            for (int i = 0; i < 16; ++i)
                r[i] = _mm512_loadu_ps(src + (i0 + i) * srcStride + j0);
            transpose16x16(r);
            for (int j = 0; j < 16; ++j)
                _mm512_storeu_ps(dst + (j0 + j) * ldDst + i0, r[j]);
        }
    // Ragged edges element by element.
    for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = i < fullRows ? fullCols : 0; j < cols; ++j)
            dst[j * ldDst + i] = src[i * srcStride + j];
}

bool cpuHasAvx512()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
}

} // namespace

bool smallMatmulIsVectorised()
{
    static const bool vectorised = cpuHasAvx512();
    return vectorised;
}

void transposeInto(const float* src, int64_t srcStride, int64_t rows, int64_t cols, float* dst, int64_t ldDst)
{
    if (smallMatmulIsVectorised()) {
        vectorisedTranspose(src, srcStride, rows, cols, dst, ldDst);
        return;
    }
    for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < cols; ++j)
            dst[j * ldDst + i] = src[i * srcStride + j];
}

void smallMatmul(int64_t m, int64_t n, int64_t k, float alpha, StridedMatrix a, const float* b, int64_t ldb, float* c,
                 int64_t ldc, bool accumulate)
{
    if (m <= 0 || n <= 0)
        return;
    static const bool forceBlas = std::getenv("LW_SMALL_MATMUL_BLAS") != nullptr; // TUNING-TEMP
    if (smallMatmulIsVectorised() && !forceBlas) {
        vectorisedMatmul(m, n, k, alpha, a, b, ldb, c, ldc, accumulate);
        return;
    }
    const bool transposed = a.colStride != 1;
    cblas_sgemm(CblasRowMajor, transposed ? CblasTrans : CblasNoTrans, CblasNoTrans, int(m), int(n), int(k), alpha,
                a.data, int(transposed ? a.colStride : a.rowStride), b, int(ldb), accumulate ? 1.0f : 0.0f, c, int(ldc));
}

} // namespace lw::model::cpu
