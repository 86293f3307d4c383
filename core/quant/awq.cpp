#include "core/quant/awq.h"

#include "core/quant/block_grid.h"
#include "core/quant/calibration.h"
#include "core/util/error.h"

#include <limits>

namespace lw::quant {

namespace {

torch::Tensor cpuFloat(const torch::Tensor& t)
{
    return t.detach().to(torch::kCPU, torch::kFloat);
}

torch::Tensor roundTrip(const torch::Tensor& weight, gguf::GgmlType format)
{
    return dequantizeBlocks(roundToNearestBlocks(weight, format), format, weight.size(0), weight.size(1));
}

// Mean over rows of |w| relative to the largest |w| of its block of 32 (a K-quant's
// sub-block, or a pair of Q6_K's).
torch::Tensor relativeWeightMean(const torch::Tensor& stacked)
{
    const torch::Tensor blocks = stacked.abs().view({stacked.size(0), -1, 32});
    const torch::Tensor relative = blocks / blocks.amax(2, true).clamp_min(1e-12);
    return relative.view(stacked.sizes()).mean(0);
}

// Mean squared error of (x / s) Q(W s)^T against x W^T.
double scaledError(const torch::Tensor& x, const torch::Tensor& stacked, const torch::Tensor& reference,
                   const torch::Tensor& scales, gguf::GgmlType format)
{
    const torch::Tensor q = roundTrip(stacked * scales.unsqueeze(0), format);
    return (x / scales.unsqueeze(0)).mm(q.t()).sub(reference).square().mean().item<double>();
}

struct Group {
    std::vector<size_t> maps; // indices into the layer's sites
    std::function<void(const torch::Tensor& inverseScales)> fold;
};

void scaleRows(torch::Tensor t, const torch::Tensor& factors, int64_t start = 0)
{
    if (!t.defined())
        return;
    torch::Tensor part = t.narrow(0, start, factors.size(0));
    if (t.dim() == 1)
        part.mul_(factors.to(t.device(), t.scalar_type()));
    else
        part.mul_(factors.to(t.device(), t.scalar_type()).unsqueeze(1));
}

std::vector<Group> layerGroups(model::TransformerImpl& model, int64_t layer)
{
    const model::ModelConfig& config = model.config();
    auto block = model.layers[layer]->as<model::Block>();
    const bool llama = config.family == model::Family::Llama;
    std::vector<Group> groups;
    auto foldIntoNorm = [](model::NormImpl& norm) {
        return [&norm](const torch::Tensor& inverse) {
            scaleRows(norm.weight, inverse);
            scaleRows(norm.bias, inverse);
        };
    };
    groups.push_back({{0}, foldIntoNorm(*block->norm1)});
    if (config.kvHeads() == config.n_head) {
        auto& attention = *block->attention;
        const int64_t valuesStart = config.queryWidth() + config.kvWidth();
        groups.push_back({{1}, [&attention, valuesStart](const torch::Tensor& inverse) {
                              scaleRows(attention.qkv->weight, inverse, valuesStart);
                              scaleRows(attention.qkv->bias, inverse, valuesStart);
                          }});
    }
    if (llama) {
        auto& ff = *block->feedForward;
        groups.push_back({{2, 3}, foldIntoNorm(*block->norm2)});
        groups.push_back({{4}, [&ff](const torch::Tensor& inverse) { scaleRows(ff.up->weight, inverse); }});
    } else {
        groups.push_back({{2}, foldIntoNorm(*block->norm2)});
    }
    return groups;
}

} // namespace

AwqSearchResult awqSearchScales(const torch::Tensor& inputs, const torch::Tensor& meanAbsInput,
                                const std::vector<torch::Tensor>& weights, gguf::GgmlType format, int64_t gridPoints)
{
    checkCalibratedFormat(format);
    if (gridPoints < 1)
        throw Error::inField("grid_points", "must be at least 1");
    std::vector<torch::Tensor> parts;
    for (const torch::Tensor& w : weights)
        parts.push_back(cpuFloat(w));
    const torch::Tensor stacked = torch::cat(parts, 0);
    const torch::Tensor x = cpuFloat(inputs);
    const torch::Tensor reference = x.mm(stacked.t());
    const torch::Tensor xMean = cpuFloat(meanAbsInput);
    const torch::Tensor wMean = relativeWeightMean(stacked);

    AwqSearchResult best;
    best.scales = torch::ones({stacked.size(1)});
    best.plainError = scaledError(x, stacked, reference, best.scales, format);
    best.error = best.plainError;
    for (int64_t g = 0; g < gridPoints; ++g) {
        const double a = double(g) / double(gridPoints);
        torch::Tensor s = (xMean.pow(a) / (wMean.pow(1.0 - a) + 1e-4)).clamp_min(1e-4);
        s = s / (s.max() * s.min()).sqrt();
        const double error = scaledError(x, stacked, reference, s, format);
        if (error < best.error) {
            best.error = error;
            best.ratio = a;
            best.scales = s;
        }
    }
    return best;
}

std::vector<AwqGroupReport> awqTransformModel(model::TransformerImpl& model, const torch::Tensor& windows,
                                              const AwqSettings& settings, const LayerProgress& progress)
{
    checkCalibratedFormat(settings.format);
    std::vector<AwqGroupReport> reports;
    StatisticsRequest request;
    request.keepSamples = settings.sampleTokens;
    torch::NoGradGuard noGrad;
    calibrateLayerByLayer(model, windows, request,
                          [&](int64_t layer, const std::vector<model::LinearSite>& sites,
                              std::vector<InputStatistics>& stats) {
                              for (const Group& group : layerGroups(model, layer)) {
                                  std::vector<torch::Tensor> weights;
                                  for (size_t k : group.maps)
                                      weights.push_back(sites[k].weight);
                                  const InputStatistics& in = stats[group.maps.front()];
                                  const model::LinearSite& first = sites[group.maps.front()];
                                  const gguf::GgmlType format =
                                      calibratedFormatFor(settings.format, first.weight.size(1), first.name);
                                  const AwqSearchResult r = awqSearchScales(in.samples, in.meanAbs(), weights,
                                                                            format, settings.gridPoints);
                                  if (r.ratio >= 0) {
                                      for (size_t k : group.maps)
                                          sites[k].weight.mul_(r.scales.to(sites[k].weight.device(),
                                                                           sites[k].weight.scalar_type())
                                                                   .unsqueeze(0));
                                      group.fold(r.scales.reciprocal());
                                  }
                                  reports.push_back({first.name, layer, r.ratio, r.error,
                                                     r.plainError});
                              }
                              if (progress && !progress(layer + 1, model.config().n_layer))
                                  throw Error("cancelled");
                          });
    return reports;
}

} // namespace lw::quant
