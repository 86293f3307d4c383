#pragma once
// The quantized half of the decode kernels (private to core/generate): products with
// block-format, int8 and NF4 weight matrices. cpu_kernels.cpp hands every quantized
// matrix here; this file picks the instruction set.
#include "core/generate/cpu_kernels.h"

namespace lw::generate::kernels {

// y = x * w^T (+ bias) (or += with accumulate) for a quantized w, threads splitting the rows.
void quantizedLinear(const float* x, int64_t m, int64_t ldx, const WeightMatrix& w, const float* bias, float* y,
                     int64_t ldy, bool accumulate);

// Row `row` of a quantized matrix as floats (exactly its dequantized values).
void quantizedWeightRow(const WeightMatrix& w, int64_t row, float* out);

} // namespace lw::generate::kernels
