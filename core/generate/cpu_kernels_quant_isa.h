#pragma once
// Instruction-set specific halves of the quantized kernels (private to core/generate).
//
// Each call of linear() with a quantized matrix prepares its input rows once
// (QuantInput), then threads hand contiguous ranges of weight rows to one of the
// rows() functions below. Inputs are quantized to 8 bits per block, as ggml does:
//  - 32-element blocks (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, I8Rows): q = round(x / d) with
//    d = max|x| / 127 per block, and s = d * sum(q) for the formats with an offset;
//  - 256-element blocks (Q4_K, Q5_K, Q6_K): one d per block and the sum of every 16 q;
//  - NF4 keeps float inputs, reordered so each 16 inputs list their 8 even elements
//    then their 8 odd ones (a byte holds an even and an odd weight).
// A block's product is then an integer dot product of its weight levels with q, scaled
// by the float scales of both.
#include "core/generate/cpu_kernels.h"

#include <cstdint>

namespace lw::generate::kernels {

// Input rows in the form a matrix type needs (see above); row i of every array starts
// at i times the per-row count.
struct QuantInput {
    int64_t m = 0, k = 0;
    int64_t blockLen = 32;         // 32 or 256 (quantized inputs)
    const int8_t* q = nullptr;     // m * k levels
    const float* d = nullptr;      // m * (k / blockLen) scales
    const float* s = nullptr;      // m * (k / 32): d * sum(q) of each 32-element block
    const int16_t* sums16 = nullptr; // m * (k / 16): sum(q) of each 16 elements
    const float* x = nullptr;      // NF4: m * k reordered floats
};

// Where rows() writes: y[i * ldy + r] = (accumulate ? y : 0) + product + bias[r].
struct QuantOutput {
    const float* bias = nullptr;
    float* y = nullptr;
    int64_t ldy = 0;
    bool accumulate = false;
};

// Input rows processed together with one loaded weight block (prefill reuses each
// decoded block this many times), and input rows per cache tile of a prefill.
constexpr int kQuantInputGroup = 4;
constexpr int64_t kQuantInputTile = 64;

// The prefill kernels' register tile: weight rows per tile, and the input rows from which
// a product takes them (one decoded tile then meets at least this many input rows;
// decoding, one row, stays on the row kernels).
constexpr int kQuantPrefillRowGroup = 8;
constexpr int64_t kQuantPrefillMinRows = 4;

// Computes the outputs of weight rows [r0, r1) for every input row.
namespace generic {
void quantRows(const WeightMatrix& w, const QuantInput& in, const QuantOutput& out, int64_t r0, int64_t r1);
}
namespace avx2 {
bool quantAvailable();    // AVX2, FMA, F16C
bool quantVnniAvailable(); // and AVX-VNNI
void quantRows(const WeightMatrix& w, const QuantInput& in, const QuantOutput& out, int64_t r0, int64_t r1);
void quantRowsVnni(const WeightMatrix& w, const QuantInput& in, const QuantOutput& out, int64_t r0, int64_t r1);
// Prefill (cpu_kernels_quant_prefill_avx2.cpp): products of at least
// kQuantPrefillMinRows input rows with a type it handles (Q4_0, Q8_0), on CPUs whose
// kernels are `avx2`. Weight rows in register tiles of kQuantPrefillRowGroup, so a range
// [r0, r1) that is a multiple of it wastes no lanes.
bool quantPrefillHandles(WeightType type);
void quantPrefillRows(const WeightMatrix& w, const QuantInput& in, const QuantOutput& out, int64_t r0, int64_t r1);
} // namespace avx2
namespace avx512 {
bool quantAvailable();     // AVX-512 F, BW, VL, DQ and VNNI, F16C
bool quantWideAvailable(); // and VBMI
// 256-bit kernels; 512-bit ones (two blocks per register, several weight rows per pass).
void quantRows(const WeightMatrix& w, const QuantInput& in, const QuantOutput& out, int64_t r0, int64_t r1);
void quantRowsWide(const WeightMatrix& w, const QuantInput& in, const QuantOutput& out, int64_t r0, int64_t r1);
} // namespace avx512

} // namespace lw::generate::kernels
