#pragma once
// The quantization grid of a GGUF block format as a calibration method sees it: each
// block of 32 weights of a row has levels q * scale + offset for integer q in
// [qmin, qmax], with the block's scale (and minimum) fixed up front from the original
// weights as llama.cpp's reference quantizers choose them, rounded to the half
// precision the block stores. GPTQ and AWQ pick levels on this grid; packBlocks() writes
// the chosen levels as the format's bytes, which gguf::dequantize reads back.
//
// Formats: Q8_0 (q in [-128, 127]), Q4_0 ([-8, 7]), Q5_0 ([-16, 15]), Q4_1 ([0, 15]
// plus the block minimum), Q5_1 ([0, 31] plus the minimum).
#include "core/gguf/ggml_types.h"

#include <torch/torch.h>

namespace lw::quant {

struct BlockGrid {
    gguf::GgmlType type = gguf::GgmlType::Q4_0;
    torch::Tensor scale;  // (rows, cols / 32) float32, half-precision values
    torch::Tensor offset; // (rows, cols / 32) float32: the block minimum, or 0
    int64_t qmin = 0, qmax = 0;
};

// Whether the calibration methods can target `type`.
bool calibratedFormatSupported(gguf::GgmlType type);
// lw::Error naming the format when it is not supported.
void checkCalibratedFormat(gguf::GgmlType type);

// The grid of `weight` (rows, cols), cols a multiple of 32, from its values per block.
BlockGrid blockGridOf(const torch::Tensor& weight, gguf::GgmlType type);

// The nearest level index of each value of `values` (rows) against per-row scale and
// offset columns (rows): clamp(round((v - offset) / scale), qmin, qmax); 0 where the
// scale is 0. Computed in the values' dtype.
torch::Tensor nearestLevels(const torch::Tensor& values, const torch::Tensor& scale, const torch::Tensor& offset,
                            int64_t qmin, int64_t qmax);

// The format's bytes (rows * cols/32 blocks, row-major, uint8) for level indices
// `levels` (rows, cols) on `grid`.
torch::Tensor packBlocks(const torch::Tensor& levels, const BlockGrid& grid);

// Round-to-nearest as llama.cpp's reference quantizer: blocks (uint8) of `weight`
// (rows, cols), and those blocks read back as float32 (rows, cols).
torch::Tensor roundToNearestBlocks(const torch::Tensor& weight, gguf::GgmlType type);
torch::Tensor dequantizeBlocks(const torch::Tensor& blocks, gguf::GgmlType type, int64_t rows, int64_t cols);

} // namespace lw::quant
