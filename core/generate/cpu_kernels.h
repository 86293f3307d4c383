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

// F32 and BF16 are plain row-major arrays. The GGUF block formats (Q8_0 ... Q6_K) store
// each row as whole blocks laid out exactly as ggml's (core/gguf/ggml_types.h), rows
// one after another. I8Rows: int8 weights with one float scale per row (weight =
// scale * q). NF4: two 4-bit NormalFloat codes per byte (first weight of a pair in the
// high nibble, core/quant/nf4.h), with the absmax of each block of 64 weights already
// decoded to float in `scales`.
enum class WeightType { F32, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K, I8Rows, NF4 };

bool isQuantized(WeightType type);
// "f32", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q4_K", "q5_K", "q6_K", "int8", "nf4".
const char* weightTypeName(WeightType type);
// Elements per block of a block format (32 or 256; 64 for NF4, 1 for F32, BF16 and I8Rows).
int64_t weightBlockSize(WeightType type);

// A row-major (rows x cols) matrix, as a Linear layer's weight: rows = out features.
// For block formats cols must be a whole number of blocks.
struct WeightMatrix {
    const void* data = nullptr;
    WeightType type = WeightType::F32;
    int64_t rows = 0, cols = 0;
    const float* scales = nullptr; // I8Rows: rows floats; NF4: rows * cols / 64 floats

    // Bytes read by one product with the matrix: data and scales.
    int64_t bytes() const;
    // Bytes of one row of `data`.
    int64_t rowBytes() const;
};

// y (m x w.rows, row stride ldy) = x (m x w.cols, row stride ldx) * w^T + bias, or
// += that with accumulate (a fused residual add). bias may be null. Threads split the
// weight rows (at::parallel_for).
void linear(const float* x, int64_t m, int64_t ldx, const WeightMatrix& w, const float* bias, float* y, int64_t ldy,
            bool accumulate);

// The same product computed the slow, obvious way: each weight row converted to float
// (ggml's dequantization for the block formats), then a float dot product in double.
// The reference the fast kernels are tested against.
void linearReference(const float* x, int64_t m, int64_t ldx, const WeightMatrix& w, const float* bias, float* y,
                     int64_t ldy, bool accumulate);

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

// "avx512-bf16", "avx512", "avx2" (AVX2 + FMA) or "generic": the float and bfloat16
// matrix kernels in use.
std::string kernelName();

// Runs the float and bfloat16 kernels with `name` ("generic", "avx2", "avx512",
// "avx512-bf16", or "best" / "" for the best the CPU has); a set the CPU lacks falls to
// the best one below it. Returns the name now in use; lw::Error for an unknown name.
// The default is the environment variable LW_KERNEL_ISA (which also picks the quantized
// kernels, cpu_kernels_quant.h; their names are accepted), else the best. Not for use
// while products run on other threads.
std::string setFloatKernelIsa(const std::string& name);

} // namespace lw::generate::kernels
