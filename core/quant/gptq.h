#pragma once
// GPTQ (Frantar et al. 2022, "GPTQ: Accurate Post-Training Quantization for Generative
// Pre-trained Transformers"): each matrix is quantized column by column, and the error
// of each column is pushed onto the columns not yet quantized through the inverse
// Hessian of the layer's inputs, so that the layer's output on calibration inputs moves
// as little as possible. As in the paper and AutoGPTQ: damping of a share of the mean
// Hessian diagonal, dead inputs (zero diagonal) fixed at zero, the upper Cholesky factor
// of the inverse Hessian, lazy batches of columns, and act-order (columns in decreasing
// Hessian diagonal).
//
// The grid is a GGUF block format's (block_grid.h) with "static groups" (AutoGPTQ's
// static_groups): each block's (or K-quant sub-block's) scale and minimum come from the
// original weights before any column moves, so act-order and the blocks stay
// compatible, and the result is written as that format's blocks.
//
// `llmwb quantize --method gptq-q4_0 ...` is meant to load the model, build
// calibrationWindows() from its --dataset/--text-file, call gptqQuantizeModel() and
// write each QuantizedMatrix's blocks as is (the other matrices by round-to-nearest).
#include "core/gguf/ggml_types.h"
#include "core/model/transformer.h"
#include "core/quant/calibration.h"

#include <functional>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace lw::quant {

// Rows [rowStart, rowStart + rows) of a matrix and the block format GPTQ writes them in.
struct RowFormat {
    int64_t rowStart = 0, rows = 0;
    gguf::GgmlType format = gguf::GgmlType::Q4_0;
    std::vector<float> importance; // GptqSettings::importance for these rows; empty: none
};
// The formats of a matrix's rows, by its parameter prefix ("layers.0.attention.wqkv"): a
// mix gives the value rows of a fused qkv map another format than the query and key rows.
// Rows are independent in GPTQ (the Hessian is shared), so each range is its own problem.
using RowFormats = std::function<std::vector<RowFormat>(const std::string& matrix)>;

struct GptqSettings {
    gguf::GgmlType format = gguf::GgmlType::Q4_0; // every row's, unless rowFormats says otherwise
    double dampPercent = 0.01; // damping: this share of the mean Hessian diagonal
    int64_t batchColumns = 128; // lazy batch width
    bool actOrder = true;
    int64_t microBatch = 8; // calibration windows per forward pass (gptqQuantizeModel)
    RowFormats rowFormats;  // gptqQuantizeModel: when set, each matrix's formats by row
    // gptqQuantizeMatrix: one weight per column from an importance matrix; when given, the
    // grid is the importance-weighted one round-to-nearest stores (blockGridOf).
    std::vector<float> importance;
};

struct GptqResult {
    torch::Tensor blocks;      // the format's bytes, (rows * cols / 32 blocks) uint8
    torch::Tensor dequantized; // (rows, cols) float32: what the blocks hold
    // tr((W - Q) H (W - Q)^T) / 2 with the undamped H = (2/n) sum x x^T: the mean over
    // calibration inputs of ||(W - Q) x||^2.
    double error = 0;
    double relativeError = 0; // error over the same measure of W: ||(W-Q)X||^2 / ||WX||^2
    double reference = 0;     // that measure of W, ||WX||^2, so row ranges of one matrix add up
};

// Where GPTQ spends its time, in seconds (benchmarks).
struct GptqTimings {
    CalibrationTimings calibration; // its stepSeconds hold the three below
    double factorSeconds = 0;       // damping, act-order and the inverse Hessian's factor
    double columnSeconds = 0;       // the column loop and packing the blocks
    double errorSeconds = 0;        // measuring the output error
};

// weight (rows, cols), cols a whole number of the format's blocks; hessian (cols, cols). Computes in float64
// when the weight is float64, in float32 otherwise. lw::Error for bad shapes, a format
// without a grid, or a Hessian that stays singular after damping.
// `timings`, when set, gets the phases' seconds added.
GptqResult gptqQuantizeMatrix(const torch::Tensor& weight, const torch::Tensor& hessian, const GptqSettings& settings,
                              GptqTimings* timings = nullptr);

// The same, with the column loop written as the paper states it, one tensor operation
// per step: the reference gptqQuantizeMatrix's loop is tested against (slow: use the
// other).
GptqResult gptqQuantizeMatrixReference(const torch::Tensor& weight, const torch::Tensor& hessian,
                                       const GptqSettings& settings);

// One matrix, or one range of its rows when its rows take several formats.
struct QuantizedMatrix {
    std::string name;   // the parameter prefix ("h.0.attn.c_attn")
    int64_t layer = 0;
    gguf::GgmlType type = gguf::GgmlType::Q4_0;
    int64_t rowStart = 0; // the first of the matrix's rows the blocks hold
    int64_t rows = 0, cols = 0;
    torch::Tensor blocks;
    double error = 0, relativeError = 0, reference = 0; // as GptqResult's
};

// Matrices done of all; returning false cancels (lw::Error "cancelled").
using MatrixProgress = std::function<bool(int64_t done, int64_t total, const std::string& name)>;

// GPTQ of every linear map inside the layers (not the embeddings or the output head),
// layer by layer: a layer's inputs come from the layers before it already quantized.
// Without rowFormats, a matrix whose rows are not whole blocks of a K-quant targets the
// format round-to-nearest falls back to (calibratedFormatFor, block_grid.h).
// The model's weights are replaced by their quantized values as it goes, so afterwards
// it computes what the blocks hold. windows: (N, L) token ids (calibrationWindows()).
std::vector<QuantizedMatrix> gptqQuantizeModel(model::TransformerImpl& model, const torch::Tensor& windows,
                                               const GptqSettings& settings, const MatrixProgress& progress = {},
                                               GptqTimings* timings = nullptr);

} // namespace lw::quant
