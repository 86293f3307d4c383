#pragma once
// The quantized kernels' float route (private to core/generate): products with many input
// rows (a prefill) dequantize tiles of weight rows to float once and multiply them with
// every input row through the BLAS LibTorch links (sgemm). The inputs stay float, so the
// result is the dequantized weights' product up to float rounding (no 8-bit input
// rounding). Whether it beats the integer kernels depends on the format and the CPU
// (docs/BENCHMARKS.md); cpu_kernels_quant.cpp decides when a product takes it.
#include "core/generate/cpu_kernels.h"

namespace lw::generate::kernels {

// y = x * dequantize(w)^T (+ bias) (or += with accumulate), threads taking tiles of
// weight rows. w is a quantized type whose rows quantizedWeightRow decodes.
void dequantizedLinear(const float* x, int64_t m, int64_t ldx, const WeightMatrix& w, const float* bias, float* y,
                       int64_t ldy, bool accumulate);

} // namespace lw::generate::kernels
