#pragma once
// CPU kernels of the decode path, on raw float buffers. Decoding one token reads every
// weight once, so the matrix products are written for that case: each thread streams a
// contiguous block of weight rows and multiplies it with the (few) input rows while
// they sit in L1. Weights are float32 or bfloat16; with bfloat16 the inputs are rounded
// to bfloat16 too and the products accumulate in float32 (AVX512-BF16 vdpbf16ps where
// the CPU has it). The instruction set is chosen at run time, so one binary runs on
// every x86-64 CPU; nothing here needs -march flags.
#include <cstdint>
#include <string>

namespace lw::generate::kernels {

enum class WeightType { F32, BF16 };

// A row-major (rows x cols) matrix, as a Linear layer's weight: rows = out features.
struct WeightMatrix {
    const void* data = nullptr;
    WeightType type = WeightType::F32;
    int64_t rows = 0, cols = 0;

    int64_t bytes() const { return rows * cols * (type == WeightType::F32 ? 4 : 2); }
};

// y (m x w.rows, row stride ldy) = x (m x w.cols, row stride ldx) * w^T + bias, or
// += that with accumulate (a fused residual add). bias may be null. Threads split the
// weight rows (at::parallel_for).
void linear(const float* x, int64_t m, int64_t ldx, const WeightMatrix& w, const float* bias, float* y, int64_t ldy,
            bool accumulate);

// One row of a weight matrix as floats (embedding lookup).
void weightRow(const WeightMatrix& w, int64_t row, float* out);

// Row-wise LayerNorm (biased variance) and RMSNorm over n features; bias may be null.
void layerNorm(const float* x, float* y, int64_t rows, int64_t n, const float* gain, const float* bias, float eps);
void rmsNorm(const float* x, float* y, int64_t rows, int64_t n, const float* gain, float eps);

// x = GELU(x) with the tanh approximation (GPT-2's).
void geluTanhInPlace(float* x, int64_t n);
// gate = silu(gate) * up (SwiGLU).
void siluMultiplyInPlace(float* gate, const float* up, int64_t n);
// y += x.
void addInPlace(float* y, const float* x, int64_t n);

// Round to nearest even, as torch's float -> bfloat16 conversion.
void floatToBf16(const float* x, uint16_t* y, int64_t n);

// Sum of a large buffer read with the kernels' load width over `threads` threads, to
// measure read bandwidth (the decode's bound). Returns the sum so the read is kept.
float sumForBandwidth(const float* x, int64_t n);

// "avx512-bf16", "avx512" or "generic": the matrix kernels in use.
std::string kernelName();

} // namespace lw::generate::kernels
