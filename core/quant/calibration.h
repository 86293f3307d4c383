#pragma once
// Calibration for GPTQ, AWQ and Wanda-style pruning: windows of tokens drawn from a text
// the user names, and a layer-by-layer walk of the model over them that gathers, for
// each linear map of a layer, what the methods need of its inputs x:
//   - the Hessian H = (2/n) sum x x^T (GPTQ),
//   - per input column, sum |x| (AWQ's mean |x|) and sum x^2 (Wanda's ||x||_2),
//   - a sample of the inputs themselves (AWQ's search).
// The walk calls a step per layer with its statistics; the step may change the layer's
// weights (quantize, prune, rescale) before the layer's outputs are computed as the
// next layer's inputs, so later layers see what earlier, already changed, layers give
// (as GPTQ, AutoGPTQ and Wanda proceed). Statistics of one layer come from one pass
// over its inputs before any of its maps changes. The fused qkv map has one input, so
// the three projections share one Hessian.
#include "core/model/linear_adapter.h"
#include "core/model/transformer.h"

#include <cstdint>
#include <functional>
#include <torch/torch.h>
#include <vector>

namespace lw::quant {

struct CalibrationSettings {
    int64_t samples = 128; // N windows
    int64_t length = 512;  // L tokens each
    uint64_t seed = 1234;
};

// (N, L) int64 windows starting at seeded random positions of `tokens` (as GPTQ's
// loaders draw their calibration sequences). lw::Error naming the field when the stream
// is shorter than one window or a setting is below 1.
torch::Tensor calibrationWindows(const std::vector<int32_t>& tokens, const CalibrationSettings& settings);

struct InputStatistics {
    torch::Tensor hessian;   // (in, in) float32, when requested
    torch::Tensor absSum;    // (in) float32: sum of |x|
    torch::Tensor squareSum; // (in) float32: sum of x^2
    torch::Tensor samples;   // (k, in) float32: the first k inputs, when requested
    int64_t count = 0;       // inputs seen (tokens)

    torch::Tensor meanAbs() const { return absSum / double(std::max<int64_t>(count, 1)); }
    torch::Tensor norm() const { return squareSum.sqrt(); } // ||X_j||_2 over all inputs
};

// Where a walk spends its time, in seconds (benchmarks, progress estimates).
struct CalibrationTimings {
    double forwardSeconds = 0;    // the layers' forward passes, the statistics excluded
    double statisticsSeconds = 0; // gathering the statistics (Hessians, sums, samples)
    double stepSeconds = 0;       // the per-layer steps
};

struct StatisticsRequest {
    bool hessian = false;
    int64_t keepSamples = 0; // inputs kept per map
    int64_t microBatch = 8;  // windows per forward pass
    CalibrationTimings* timings = nullptr; // when set, the walk adds its seconds here
};

// sites: the layer's linear maps (linearSites() order: qkv, attention output, [gate],
// up, down); stats[k] belongs to sites[k].
using LayerStep = std::function<void(int64_t layer, const std::vector<model::LinearSite>& sites,
                                     std::vector<InputStatistics>& stats)>;

// Runs `windows` (N, L) through the model's layers one at a time, calling `step` for
// each. Does not run the final norm or the head. Uses the model's device and dtype.
void calibrateLayerByLayer(model::TransformerImpl& model, const torch::Tensor& windows,
                           const StatisticsRequest& request, const LayerStep& step);

// The linear maps of layer `layer` (linearSites() filtered).
std::vector<model::LinearSite> layerSites(model::TransformerImpl& model, int64_t layer);

} // namespace lw::quant
