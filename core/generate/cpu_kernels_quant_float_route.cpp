#include "core/generate/cpu_kernels_quant_float_route.h"

#include "core/generate/cpu_kernels_quant.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <algorithm>
#include <atomic>
#include <vector>

namespace lw::generate::kernels {

namespace {

// Weight rows dequantized per tile: enough columns of output for sgemm to run at its
// full rate, few enough that a tile (64 x 3072 floats = 768 KB at most on GPT-2's
// shapes) stays in L2 while every input row passes over it, and that two threads find
// several tiles in the smallest matrix (768 rows).
constexpr int64_t kTileRows = 64;

// y[:, r0:r1] (row stride ldy) = x * tile^T (+ bias), or += with accumulate, through
// at::addmm_ on views of the caller's buffers (strided views are passed to sgemm as
// they are, no copies). Inside at::parallel_for, ATen and the OpenMP BLAS run it on
// the calling thread.
void multiplyTile(const float* x, int64_t m, int64_t ldx, const float* tile, int64_t rows, int64_t k, const float* bias,
                  float* y, int64_t ldy, bool accumulate)
{
    const auto options = at::TensorOptions().dtype(at::kFloat);
    const at::Tensor input = at::from_blob(const_cast<float*>(x), {m, k}, {ldx, 1}, options);
    const at::Tensor weights = at::from_blob(const_cast<float*>(tile), {rows, k}, {k, 1}, options);
    at::Tensor out = at::from_blob(y, {m, rows}, {ldy, 1}, options);
    // beta = 0 ignores what y held (NaN included) when not accumulating.
    out.addmm_(input, weights.t(), /*beta=*/accumulate ? 1 : 0, /*alpha=*/1);
    if (bias)
        for (int64_t i = 0; i < m; ++i)
            addInPlace(y + i * ldy, bias, rows);
}

} // namespace

void dequantizedLinear(const float* x, int64_t m, int64_t ldx, const WeightMatrix& w, const float* bias, float* y,
                       int64_t ldy, bool accumulate)
{
    const int64_t k = w.cols;
    const int64_t tiles = (w.rows + kTileRows - 1) / kTileRows;
    // Threads take tiles from a shared counter: one the OS delays holds the others up by
    // one tile at most.
    std::atomic<int64_t> next{0};
    at::parallel_for(0, std::min<int64_t>(at::get_num_threads(), tiles), 1, [&](int64_t, int64_t) {
        thread_local std::vector<float> tile;
        tile.resize(size_t(kTileRows * k));
        for (int64_t t = next.fetch_add(1); t < tiles; t = next.fetch_add(1)) {
            const int64_t r0 = t * kTileRows, r1 = std::min(w.rows, r0 + kTileRows);
            for (int64_t r = r0; r < r1; ++r)
                quantizedWeightRow(w, r, tile.data() + (r - r0) * k);
            multiplyTile(x, m, ldx, tile.data(), r1 - r0, k, bias ? bias + r0 : nullptr, y + r0, ldy, accumulate);
        }
    });
}

} // namespace lw::generate::kernels
