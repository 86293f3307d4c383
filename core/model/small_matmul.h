#pragma once
// Register-tiled float32 products for the small blocks inside the fused kernels
// (attention tiles: a few dozen rows by a head dimension of 64), where a BLAS call
// spends more time on call overhead and packing than on multiplying. On CPUs with
// AVX-512 a micro-kernel keeps a (rows x 64 columns) tile of C in registers; elsewhere
// the call goes to the system BLAS. Single-threaded: callers parallelise outside.
#include <cstdint>

namespace lw::model::cpu {

// Element (i, j) of A lives at data[i * rowStride + j * colStride]; one of the two
// strides must be 1, so a transposed operand costs nothing.
struct StridedMatrix {
    const float* data = nullptr;
    int64_t rowStride = 0, colStride = 1;
};

// C (m x n, row stride ldc) = alpha * A (m x k) * B (k x n, row stride ldb, unit
// column stride), or C += alpha * A * B when accumulate is set.
void smallMatmul(int64_t m, int64_t n, int64_t k, float alpha, StridedMatrix a, const float* b, int64_t ldb, float* c,
                 int64_t ldc, bool accumulate);

// dst (cols x rows, row stride ldDst) = src (rows x cols, row stride srcStride)
// transposed: packs keys as (head_dim x keys) so they can be smallMatmul's B operand.
void transposeInto(const float* src, int64_t srcStride, int64_t rows, int64_t cols, float* dst, int64_t ldDst);

// True when smallMatmul runs the AVX-512 micro-kernel on this CPU.
bool smallMatmulIsVectorised();

} // namespace lw::model::cpu
