#pragma once
// Instruction-set specific halves of cpu_kernels (private to core/generate). Each
// function computes the output rows [r0, r1) of y = x * w^T (+ bias) for weight rows of
// length k; cpu_kernels.cpp picks the set at run time and splits rows across threads.
#include <cstdint>

namespace lw::generate::kernels {

struct RowRange {
    int64_t m = 0;        // input rows
    int64_t k = 0;        // features in (weight row length)
    int64_t r0 = 0, r1 = 0; // weight rows (= output columns) to compute
    const float* bias = nullptr;
    float* y = nullptr;
    int64_t ldy = 0;
    bool accumulate = false;
};

namespace avx512 {
bool available();     // AVX-512 F, BW, VL, DQ
bool bf16Available(); // and AVX512-BF16
void linearF32(const float* x, int64_t ldx, const float* w, const RowRange& range);
// x already rounded to bfloat16 (row stride ldx, in elements).
void linearBf16Dot(const uint16_t* x, int64_t ldx, const uint16_t* w, const RowRange& range);
// Without vdpbf16ps: bfloat16 weights widened to float32, float32 inputs.
void linearBf16Widen(const float* x, int64_t ldx, const uint16_t* w, const RowRange& range);
void floatToBf16(const float* x, uint16_t* y, int64_t n);
float sum(const float* x, int64_t n);
} // namespace avx512

// For CPUs with AVX2 and FMA but no AVX-512: the same contracts as avx512's.
namespace avx2 {
bool available(); // AVX2, FMA and F16C
void linearF32(const float* x, int64_t ldx, const float* w, const RowRange& range);
void linearBf16Widen(const float* x, int64_t ldx, const uint16_t* w, const RowRange& range);
void floatToBf16(const float* x, uint16_t* y, int64_t n);
float sum(const float* x, int64_t n);
} // namespace avx2

namespace generic {
void linearF32(const float* x, int64_t ldx, const float* w, const RowRange& range);
void linearBf16(const float* x, int64_t ldx, const uint16_t* w, const RowRange& range);
} // namespace generic

// The float32 kernel the fused decoder uses now (LW_KERNEL_ISA, setFloatKernelIsa), for
// products that dequantize their weights first and must match it bit for bit.
void linearF32InUse(const float* x, int64_t ldx, const float* w, const RowRange& range);

} // namespace lw::generate::kernels
