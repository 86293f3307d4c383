#pragma once
// The calibration step of `llmwb quantize` before the file is written: for a GPTQ method,
// gptqQuantizeModel() and its blocks as QuantizeOptions::precomputed; for an AWQ method,
// awqTransformModel() (round-to-nearest of the rescaled model follows); for a
// round-to-nearest method with calibration, llama-imatrix's importance matrix as
// QuantizeOptions::importance. What was done goes to QuantizeOptions::extraSettings:
//   gptq: damp, act_order, group_sizes {type: values per scale, 32 or q6_K's 16} for every
//         block type of the file, group_size (that of the type holding the most weights),
//         mean_relative_error,
//         layer_relative_errors [per layer, the mean over its matrices],
//         matrix_relative_errors {matrix: ||(W-Q)X||^2 / ||WX||^2}
//   awq:  grid_points, groups, scaled_groups, mean_ratio, ratios [{name, layer, ratio,
//         error, plain_error}]
//   importance_matrix: {source: "calibration", entries, tokens}
#include "core/model/transformer.h"
#include "core/quant/quantize_model.h"

#include <functional>
#include <string>
#include <torch/torch.h>

namespace lw::quant {

struct CalibratedQuantizeSettings {
    double damp = 0.01;  // GPTQ: share of the mean Hessian diagonal added to it
    bool actOrder = true; // GPTQ: columns in decreasing Hessian diagonal
};

// Fraction of the calibration done (0..1) and what is being done; false cancels
// (lw::Error "cancelled").
using CalibrationProgress = std::function<bool(double fraction, const std::string& detail)>;

// Runs what options.method needs on `model` with `windows` ((N, L) token ids) and fills
// `options`. GPTQ fixes its grids with options.importance when it is set (an importance
// matrix file: round-to-nearest's weighted grid, block_grid.h); AWQ refuses it. The model changes: GPTQ leaves its quantized values, AWQ its rescaled
// weights. lw::Error when the method is round-to-nearest into int8 or NF4 (no
// importance there).
void calibrateForQuantization(model::TransformerImpl& model, const torch::Tensor& windows,
                              const CalibratedQuantizeSettings& settings, QuantizeOptions& options,
                              const CalibrationProgress& progress = {});

} // namespace lw::quant
