#pragma once
// The quantization grid of a GGUF block format as a calibration method sees it: each
// block (or K-quant sub-block) of a row has levels q * scale + offset for integer q in
// [qmin, qmax], with the scale (and minimum) fixed up front from the original weights
// as llama.cpp's reference quantizers choose them, rounded as the block stores them.
// GPTQ and AWQ pick levels on this grid; packBlocks() writes the chosen levels as the
// format's bytes, which gguf::dequantize reads back.
//
// Formats with blocks of 32: Q8_0 (q in [-128, 127]), Q4_0 ([-8, 7]), Q5_0 ([-16, 15]),
// Q4_1 ([0, 15] plus the block minimum), Q5_1 ([0, 31] plus the minimum).
// K-quants, super-blocks of 256 (columns a multiple of 256): the grid is the super-block
// fields ggml's round-to-nearest quantizer stores (gguf::quantize: the make_qkx2 /
// make_qx scale searches), and each sub-block's scale and offset are the values those
// fields decode to: Q4_K ([0, 15]) and Q5_K ([0, 31]) per 32 values, scale d * sc and
// offset -dmin * m from the 6-bit sc and m under the f16 d and dmin; Q6_K ([-32, 31])
// per 16 values, scale d * sc from the int8 sc under the f16 d, offset 0. Levels under a
// sub-block scale of zero read back as that sub-block's offset whatever they are.
#include "core/gguf/ggml_types.h"

#include <string>
#include <torch/torch.h>
#include <vector>

namespace lw::quant {

struct BlockGrid {
    gguf::GgmlType type = gguf::GgmlType::Q4_0;
    int64_t blockSize = 32; // values per scale: 32, or Q6_K's 16
    torch::Tensor scale;  // (rows, cols / blockSize) float32, as the blocks decode it
    torch::Tensor offset; // (rows, cols / blockSize) float32: the block minimum, or 0
    int64_t qmin = 0, qmax = 0;
    // K-quants: the round-to-nearest super-blocks (uint8, row-major), whose d, dmin and
    // sub-block scales packBlocks() keeps while it writes the levels; undefined otherwise.
    torch::Tensor superBlocks;
};

// The values under one scale of a format the calibration methods target
// (BlockGrid::blockSize): 16 for Q6_K's sub-blocks, 32 for the others.
int64_t valuesPerScale(gguf::GgmlType type);

// Whether the calibration methods can target `type`.
bool calibratedFormatSupported(gguf::GgmlType type);
// lw::Error naming the format when it is not supported.
void checkCalibratedFormat(gguf::GgmlType type);

// The format a calibration method targets for one matrix of `cols` input columns:
// `format`, or what round-to-nearest falls back to when rows of `cols` are not whole
// blocks of it (a K-quant's 256 values), as the storage plan of the file does
// (quant_mix.h: q4_K to q5_0, q5_K to q5_1, q6_K to q8_0). lw::Error naming `matrix`
// when neither fits.
gguf::GgmlType calibratedFormatFor(gguf::GgmlType format, int64_t cols, const std::string& matrix);

// The grid of `weight` (rows, cols), cols a whole number of the format's blocks (32, or
// 256 for a K-quant), from its values per block. lw::Error naming the field "weight"
// otherwise.
// With `importance` (one weight per column, an importance matrix's vector for this
// matrix), the grid is the fields of the blocks round-to-nearest writes with it
// (gguf::quantizeWeighted, as llama-quantize --imatrix): its scale and minimum searches
// weighted by the importance, so a calibration method rounds on the very grid
// round-to-nearest with that importance matrix would store. lw::Error naming the field
// "importance" when it does not hold one value per column.
BlockGrid blockGridOf(const torch::Tensor& weight, gguf::GgmlType type, const std::vector<float>& importance = {});

// The nearest level index of each value of `values` (rows) against per-row scale and
// offset columns (rows): clamp(round((v - offset) / scale), qmin, qmax); 0 where the
// scale is 0. Computed in the values' dtype.
torch::Tensor nearestLevels(const torch::Tensor& values, const torch::Tensor& scale, const torch::Tensor& offset,
                            int64_t qmin, int64_t qmax);

// The format's bytes (rows * cols / the format's block, row-major, uint8) for level
// indices `levels` (rows, cols) on `grid`.
torch::Tensor packBlocks(const torch::Tensor& levels, const BlockGrid& grid);

// Round-to-nearest as llama.cpp's reference quantizer (weighted by `importance` when
// given, as blockGridOf): blocks (uint8) of `weight` (rows, cols), and those blocks read
// back as float32 (rows, cols).
torch::Tensor roundToNearestBlocks(const torch::Tensor& weight, gguf::GgmlType type,
                                   const std::vector<float>& importance = {});
torch::Tensor dequantizeBlocks(const torch::Tensor& blocks, gguf::GgmlType type, int64_t rows, int64_t cols);

} // namespace lw::quant
