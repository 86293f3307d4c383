#pragma once
// AWQ (Lin et al. 2023, "AWQ: Activation-aware Weight Quantization"): before rounding,
// the input columns of linear maps that share an input are multiplied by per-column
// scales s, and the previous operation's output is divided by s, so the model computes
// the same function while the columns that meet large activations lose less to
// rounding. As AutoAWQ: s = mean|x|^a / mean|w|^(1-a) (|w| relative to its block's
// largest), normalised by sqrt(max s * min s), with a searched on a grid over [0, 1) for
// the smallest output error of the round-to-nearest weights on calibration inputs; the
// unscaled weights (s = 1) are a candidate too, so a group never ends worse than plain
// rounding on those inputs. AutoAWQ's clipping search is not done.
//
// Groups and where 1/s goes:
//   - qkv (after norm1): into norm1's gain and bias;
//   - the attention output (after the values): into the value rows of qkv (and their
//     bias), when every query head has its own value head (no grouped-query sharing);
//   - up and gate (after norm2): into norm2's gain and bias;
//   - Llama's down (after the SwiGLU product): into up's rows.
//   GPT-2's MLP output map follows a GELU, which no scale passes through: not scaled.
//
// The result is the same kind of float model, ready for round-to-nearest into the
// target format. `llmwb quantize --method awq-q4_0 ...` is meant to call
// awqTransformModel() on the loaded model with calibrationWindows(), then quantize every
// matrix by round-to-nearest (roundToNearestBlocks, block_grid.h) and write the blocks.
#include "core/gguf/ggml_types.h"
#include "core/model/transformer.h"
#include "core/quant/pruning.h"

#include <string>
#include <torch/torch.h>
#include <vector>

namespace lw::quant {

struct AwqSettings {
    gguf::GgmlType format = gguf::GgmlType::Q4_0;
    int64_t gridPoints = 20;   // a = 0, 1/n, ..., (n-1)/n
    int64_t sampleTokens = 2048; // calibration inputs per map for the search
};

struct AwqSearchResult {
    torch::Tensor scales;  // (in) float32; ones when plain rounding won
    double ratio = -1;     // the chosen a; -1 when plain rounding won
    double error = 0;      // mean squared output error with the chosen scales
    double plainError = 0; // the same with plain rounding
};

// The search for one group. inputs (k, in) float32; meanAbsInput (in); weights: the
// group's matrices (out_i, in).
AwqSearchResult awqSearchScales(const torch::Tensor& inputs, const torch::Tensor& meanAbsInput,
                                const std::vector<torch::Tensor>& weights, gguf::GgmlType format, int64_t gridPoints);

struct AwqGroupReport {
    std::string name; // the first map of the group
    int64_t layer = 0;
    double ratio = -1, error = 0, plainError = 0;
};

// Rescales `model` in place, layer by layer; returns one report per group searched.
std::vector<AwqGroupReport> awqTransformModel(model::TransformerImpl& model, const torch::Tensor& windows,
                                              const AwqSettings& settings, const LayerProgress& progress = {});

} // namespace lw::quant
