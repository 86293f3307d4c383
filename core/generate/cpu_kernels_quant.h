#pragma once
// The quantized half of the decode kernels (private to core/generate, and the tests' and
// bench's handle on it): products with block-format, int8 and NF4 weight matrices.
// cpu_kernels.cpp hands every quantized matrix here; this file picks the instruction set.
//
// Accuracy: the inputs are quantized to 8 bits per block (ggml's Q8_0 / Q8_K): with
// d = max|x| / 127 over a block (32 elements, 256 for the K-quants), each input moves
// by at most d / 2, so a product differs from the exact one with the dequantized
// weights by at most sum over blocks of (max|x_block| / 254) * sum|w_block|, plus float
// rounding. NF4 products keep float inputs (float rounding only).
#include "core/generate/cpu_kernels.h"

#include <string>

namespace lw::generate::kernels {

// y = x * w^T (+ bias) (or += with accumulate) for a quantized w, threads splitting the rows.
// Under the `avx2` kernels, Q4_0 and Q8_0 products of 4 input rows or more (a prefill)
// take register-tiled kernels of 8 weight rows by 4 input rows
// (cpu_kernels_quant_prefill_avx2.cpp); one row (decoding) keeps the row kernels.
void quantizedLinear(const float* x, int64_t m, int64_t ldx, const WeightMatrix& w, const float* bias, float* y,
                     int64_t ldy, bool accumulate);

// Row `row` of a quantized matrix as floats (exactly its dequantized values).
void quantizedWeightRow(const WeightMatrix& w, int64_t row, float* out);

// Products with at least this many input rows (a prefill) dequantize tiles of weight
// rows to float and multiply them with sgemm (the "float route",
// cpu_kernels_quant_float_route.h), faster there than the integer kernels; fewer rows
// (decoding) take the integer kernels. Set per format and instruction set from
// bench_quant_kernels' crossover.
// LW_QUANT_EXACT=1 in the environment sends every product through the float route (the
// dequantized weights' exact function, slower): for checking a quantized model against
// its float weights.
int64_t quantFloatRouteRows(WeightType type);
// Changes it for `type` (rows <= 0 restores the default). Not for use while products
// run on other threads.
void setQuantFloatRouteRows(WeightType type, int64_t rows);

// The quantized kernels in use: "avx512-zmm" (512-bit vectors, AVX-512 VNNI and VBMI),
// "avx512-vnni" (256-bit vectors), "avx2-vnni", "avx2" or "generic".
std::string quantKernelName();

// Runs the quantized kernels with `name` ("generic", "avx2", "avx2-vnni", "avx512",
// "avx512-zmm", or "best" / "" for the best the CPU has); a set the CPU lacks falls to
// the best one below it. Returns the name now in use; lw::Error for an unknown name. The default is the
// environment variable LW_KERNEL_ISA (same names), else the best. Not for use while
// products run on other threads.
std::string setQuantKernelIsa(const std::string& name);

} // namespace lw::generate::kernels
