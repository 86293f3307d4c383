#include "core/quant/pruning.h"

#include "core/quant/calibration.h"
#include "core/quant/pruned_model_copy.h"
#include "core/util/error.h"

#include <cmath>

namespace lw::quant {

namespace {

// The indices of the `count` lowest of `scores` (1-D), in increasing order of index.
std::vector<int64_t> lowest(const torch::Tensor& scores, int64_t count)
{
    const torch::Tensor order = std::get<1>(scores.to(torch::kCPU, torch::kDouble).sort(true, 0, false));
    const torch::Tensor picked = std::get<0>(order.narrow(0, 0, count).sort());
    return std::vector<int64_t>(picked.data_ptr<int64_t>(), picked.data_ptr<int64_t>() + count);
}

// Zeroes head h's part of the attention (its columns of the output map and, without
// grouped-query sharing, its query, key and value rows), so that the layers after it are
// scored on what the smaller model computes; the removal itself comes at the end.
void cutHead(model::AttentionImpl& attention, const model::ModelConfig& config, int64_t h)
{
    const int64_t hd = config.headDim(), c = config.queryWidth();
    attention.proj->weight.narrow(1, h * hd, hd).zero_();
    if (config.kvHeads() != config.n_head)
        return; // keys and values are shared with other heads of the group
    for (int64_t start : {h * hd, c + h * hd, 2 * c + h * hd}) {
        attention.qkv->weight.narrow(0, start, hd).zero_();
        if (attention.qkv->bias.defined())
            attention.qkv->bias.narrow(0, start, hd).zero_();
    }
}

// The heads to remove from one layer given each head's importance: the `count` lowest,
// or with grouped-query attention the count / kvHeads lowest of each group.
std::vector<int64_t> headsToRemove(const torch::Tensor& importance, const model::ModelConfig& config, int64_t count)
{
    if (config.kvHeads() == config.n_head)
        return lowest(importance, count);
    const int64_t groupSize = config.n_head / config.kvHeads(), perGroup = count / config.kvHeads();
    std::vector<int64_t> heads;
    for (int64_t g = 0; g < config.kvHeads(); ++g)
        for (int64_t h : lowest(importance.narrow(0, g * groupSize, groupSize), perGroup))
            heads.push_back(g * groupSize + h);
    return heads;
}

void pruneHeads(model::TransformerImpl& model, int64_t layer, const std::vector<model::LinearSite>& sites,
                const std::vector<InputStatistics>& stats, int64_t count, PruneReport& report)
{
    const model::ModelConfig& config = model.config();
    const int64_t hd = config.headDim();
    const model::LinearSite& proj = sites[1];
    const torch::Tensor outputNorm = stats[1].squareSum.view({config.n_head, hd}).sum(1).sqrt();
    const torch::Tensor columnNorm =
        proj.weight.detach().to(torch::kFloat).square().sum(0).view({config.n_head, hd}).sum(1).sqrt();
    const std::vector<int64_t> heads = headsToRemove(outputNorm.cpu() * columnNorm.cpu(), config, count);
    auto& attention = *model.layers[layer]->as<model::Block>()->attention;
    for (int64_t h : heads)
        cutHead(attention, config, h);
    report.removed.push_back(heads);
}

void pruneChannels(const std::vector<model::LinearSite>& sites, const std::vector<InputStatistics>& stats,
                   int64_t count, PruneReport& report)
{
    const model::LinearSite& down = sites.back();
    const torch::Tensor score = stats.back().norm().cpu() *
                                down.weight.detach().to(torch::kFloat).square().sum(0).sqrt().cpu();
    const std::vector<int64_t> channels = lowest(score, count);
    // Zeroed now so the next layers are scored on what the smaller model computes.
    down.weight.index_fill_(1, torch::tensor(channels, torch::kLong).to(down.weight.device()), 0);
    report.removed.push_back(channels);
}

void pruneMatrices(const std::vector<model::LinearSite>& sites, const std::vector<InputStatistics>* stats,
                   const PruneSettings& settings)
{
    for (size_t k = 0; k < sites.size(); ++k) {
        const torch::Tensor w = sites[k].weight.detach();
        const bool wanda = settings.method == PruneMethod::Wanda ||
                           (settings.method == PruneMethod::SemiStructured && settings.wandaScore);
        const torch::Tensor scores = wanda ? wandaScores(w, (*stats)[k].norm()) : w.abs().to(torch::kFloat);
        const torch::Tensor keep = settings.method == PruneMethod::SemiStructured
                                       ? twoOfFourMask(scores)
                                       : rowSparsityMask(scores, settings.sparsity);
        sites[k].weight.masked_fill_(keep.logical_not().to(w.device()), 0);
    }
}

void countZeros(model::TransformerImpl& model, PruneReport& report)
{
    for (const model::LinearSite& site : model::linearSites(model))
        if (site.layer >= 0) {
            report.zeroWeights += site.weight.eq(0).sum().item<int64_t>();
            report.totalWeights += site.weight.numel();
        }
}

} // namespace

const char* pruneMethodName(PruneMethod method)
{
    switch (method) {
    case PruneMethod::Magnitude: return "magnitude";
    case PruneMethod::Wanda: return "wanda";
    case PruneMethod::SemiStructured: return "2:4";
    case PruneMethod::Heads: return "heads";
    case PruneMethod::Channels: return "channels";
    }
    return "wanda";
}

PruneMethod pruneMethodFromName(const std::string& name)
{
    for (PruneMethod m : {PruneMethod::Magnitude, PruneMethod::Wanda, PruneMethod::SemiStructured, PruneMethod::Heads,
                          PruneMethod::Channels})
        if (name == pruneMethodName(m))
            return m;
    throw Error::inField("method", "unknown pruning method '" + name + "' (magnitude, wanda, 2:4, heads, channels)");
}

void PruneSettings::validate(const model::ModelConfig& config) const
{
    if ((method == PruneMethod::Magnitude || method == PruneMethod::Wanda) && !(sparsity >= 0.0 && sparsity < 1.0))
        throw Error::inField("sparsity", "must be in [0, 1)");
    if (method == PruneMethod::Heads && (removeHeads < 1 || removeHeads >= config.n_head))
        throw Error::inField("remove_heads", "must be between 1 and n_head - 1 = " + std::to_string(config.n_head - 1));
    if (method == PruneMethod::Heads && config.kvHeads() != config.n_head && removeHeads % config.kvHeads() != 0)
        throw Error::inField("remove_heads", "must be a multiple of n_kv_head = " + std::to_string(config.kvHeads()) +
                                                 ": each key/value group loses the same number of query heads");
    if (method == PruneMethod::Channels && (removeChannels < 1 || removeChannels >= config.ffDim()))
        throw Error::inField("remove_channels", "must be between 1 and d_ff - 1 = " + std::to_string(config.ffDim() - 1));
    if (method == PruneMethod::SemiStructured &&
        (config.d_model % 4 != 0 || config.queryWidth() % 4 != 0 || config.ffDim() % 4 != 0))
        throw Error::inField("method", "2:4 needs inputs in whole groups of 4 (d_model, n_head * head_dim and d_ff)");
}

bool PruneSettings::needsCalibration() const
{
    return method != PruneMethod::Magnitude && !(method == PruneMethod::SemiStructured && !wandaScore);
}

nlohmann::json PruneSettings::toJson() const
{
    nlohmann::json j = {{"method", pruneMethodName(method)}};
    if (method == PruneMethod::Magnitude || method == PruneMethod::Wanda)
        j["sparsity"] = sparsity;
    if (method == PruneMethod::SemiStructured)
        j["score"] = wandaScore ? "wanda" : "magnitude";
    if (method == PruneMethod::Heads)
        j["remove_heads"] = removeHeads;
    if (method == PruneMethod::Channels)
        j["remove_channels"] = removeChannels;
    return j;
}

nlohmann::json PruneReport::toJson() const
{
    nlohmann::json j = {{"zero_weights", zeroWeights},
                        {"total_weights", totalWeights},
                        {"sparsity", sparsity()},
                        {"parameters_before", parametersBefore},
                        {"parameters_after", parametersAfter}};
    if (!removed.empty())
        j["removed"] = removed;
    return j;
}

torch::Tensor wandaScores(const torch::Tensor& weight, const torch::Tensor& inputNorm)
{
    if (weight.dim() != 2 || inputNorm.dim() != 1 || inputNorm.size(0) != weight.size(1))
        throw Error::inField("input_norm", "must have one entry per weight column");
    return weight.detach().abs().to(torch::kFloat) * inputNorm.to(weight.device(), torch::kFloat).unsqueeze(0);
}

torch::Tensor rowSparsityMask(const torch::Tensor& scores, double sparsity)
{
    const int64_t cols = scores.size(1);
    const int64_t count = int64_t(std::floor(sparsity * double(cols) + 1e-9));
    torch::Tensor keep = torch::ones(scores.sizes(), scores.options().dtype(torch::kBool));
    if (count == 0)
        return keep;
    const torch::Tensor order = std::get<1>(scores.sort(true, 1, false));
    return keep.scatter_(1, order.narrow(1, 0, count), false);
}

torch::Tensor twoOfFourMask(const torch::Tensor& scores)
{
    if (scores.size(1) % 4 != 0)
        throw Error::inField("weight", std::to_string(scores.size(1)) + " columns are not whole groups of 4");
    const torch::Tensor groups = scores.reshape({scores.size(0), -1, 4});
    const torch::Tensor order = std::get<1>(groups.sort(true, 2, false));
    torch::Tensor keep = torch::ones(groups.sizes(), scores.options().dtype(torch::kBool));
    return keep.scatter_(2, order.narrow(2, 0, 2), false).view(scores.sizes());
}

model::ModelConfig prunedConfig(const model::ModelConfig& config, const PruneSettings& settings)
{
    settings.validate(config);
    if (settings.method == PruneMethod::Heads)
        return configWithoutHeads(config, settings.removeHeads);
    if (settings.method == PruneMethod::Channels)
        return configWithoutChannels(config, settings.removeChannels);
    return config;
}

model::Transformer pruneModel(model::Transformer model, const torch::Tensor& windows, const PruneSettings& settings,
                              PruneReport& report, const LayerProgress& progress)
{
    settings.validate(model->config());
    torch::NoGradGuard noGrad;
    report = PruneReport{};
    report.parametersBefore = model->config().parameterCount();
    const int64_t layers = model->config().n_layer;
    auto done = [&](int64_t layer) {
        if (progress && !progress(layer + 1, layers))
            throw Error("cancelled");
    };
    if (!settings.needsCalibration()) {
        for (int64_t i = 0; i < layers; ++i) {
            pruneMatrices(layerSites(*model, i), nullptr, settings);
            done(i);
        }
    } else {
        if (!windows.defined())
            throw Error::inField("calibration", std::string(pruneMethodName(settings.method)) +
                                                    " pruning needs calibration data");
        calibrateLayerByLayer(*model, windows, StatisticsRequest{},
                              [&](int64_t layer, const std::vector<model::LinearSite>& sites,
                                  std::vector<InputStatistics>& stats) {
                                  if (settings.method == PruneMethod::Heads)
                                      pruneHeads(*model, layer, sites, stats, settings.removeHeads, report);
                                  else if (settings.method == PruneMethod::Channels)
                                      pruneChannels(sites, stats, settings.removeChannels, report);
                                  else
                                      pruneMatrices(sites, &stats, settings);
                                  done(layer);
                              });
    }
    if (settings.method == PruneMethod::Heads)
        model = withoutHeads(*model, report.removed);
    if (settings.method == PruneMethod::Channels)
        model = withoutChannels(*model, report.removed);
    countZeros(*model, report);
    report.parametersAfter = model->config().parameterCount();
    return model;
}

} // namespace lw::quant
