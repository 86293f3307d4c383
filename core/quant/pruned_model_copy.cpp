#include "core/quant/pruned_model_copy.h"

#include "core/util/error.h"

namespace lw::quant {

namespace {

// 0..total-1 without `removed`, in order.
std::vector<int64_t> keptIndices(int64_t total, const std::vector<int64_t>& removed)
{
    std::vector<bool> drop(size_t(total), false);
    for (int64_t i : removed) {
        if (i < 0 || i >= total)
            throw Error("pruning: index " + std::to_string(i) + " is outside 0.." + std::to_string(total - 1));
        drop[size_t(i)] = true;
    }
    std::vector<int64_t> kept;
    for (int64_t i = 0; i < total; ++i)
        if (!drop[size_t(i)])
            kept.push_back(i);
    return kept;
}

// The rows [i * width, (i + 1) * width) of every i in `blocks`, shifted by `offset`.
void appendBlockRows(std::vector<int64_t>& rows, const std::vector<int64_t>& blocks, int64_t width, int64_t offset)
{
    for (int64_t b : blocks)
        for (int64_t r = 0; r < width; ++r)
            rows.push_back(offset + b * width + r);
}

// A model of `config` on `model`'s device and dtype, holding every weight of `model`
// whose shape is unchanged; the caller fills the rest.
model::Transformer copyWithConfig(model::TransformerImpl& model, const model::ModelConfig& config)
{
    model::Transformer smaller(config, false);
    smaller->to(model.tokenEmbedding->weight.device(), model.tokenEmbedding->weight.scalar_type());
    auto source = model.named_parameters();
    for (auto& item : smaller->named_parameters())
        if (item.value().sizes() == source[item.key()].sizes())
            item.value().copy_(source[item.key()]);
    smaller->train(model.is_training());
    return smaller;
}

torch::Tensor indexTensor(const std::vector<int64_t>& indices, const torch::Device& device)
{
    return torch::tensor(indices, torch::kLong).to(device);
}

} // namespace

model::ModelConfig configWithoutHeads(const model::ModelConfig& config, int64_t count)
{
    model::ModelConfig smaller = config;
    const bool grouped = config.kvHeads() != config.n_head;
    smaller.head_dim = config.headDim();
    smaller.n_head = config.n_head - count;
    // Without grouping every query head has its own key/value head, and they go together.
    if (!grouped && config.n_kv_head > 0)
        smaller.n_kv_head = smaller.n_head;
    return smaller;
}

model::ModelConfig configWithoutChannels(const model::ModelConfig& config, int64_t count)
{
    model::ModelConfig smaller = config;
    smaller.d_ff = config.ffDim() - count;
    return smaller;
}

model::Transformer withoutHeads(model::TransformerImpl& model, const std::vector<std::vector<int64_t>>& removed)
{
    torch::NoGradGuard noGrad;
    const model::ModelConfig& config = model.config();
    const model::ModelConfig smallerConfig = configWithoutHeads(config, int64_t(removed.front().size()));
    model::Transformer smaller = copyWithConfig(model, smallerConfig);
    const int64_t hd = config.headDim(), q = config.queryWidth(), kv = config.kvWidth();
    const bool grouped = config.kvHeads() != config.n_head;
    for (int64_t i = 0; i < config.n_layer; ++i) {
        if (int64_t(removed[size_t(i)].size()) != config.n_head - smallerConfig.n_head)
            throw Error("pruning: layer " + std::to_string(i) + " lost a different number of heads");
        const std::vector<int64_t> heads = keptIndices(config.n_head, removed[size_t(i)]);
        const std::vector<int64_t> kvHeads = grouped ? keptIndices(config.kvHeads(), {}) : heads;
        std::vector<int64_t> queryRows, qkvRows;
        appendBlockRows(queryRows, heads, hd, 0);
        qkvRows = queryRows;
        appendBlockRows(qkvRows, kvHeads, hd, q);
        appendBlockRows(qkvRows, kvHeads, hd, q + kv);
        auto& from = *model.layers[i]->as<model::Block>()->attention;
        auto& to = *smaller->layers[i]->as<model::Block>()->attention;
        const torch::Tensor keepRows = indexTensor(qkvRows, from.qkv->weight.device());
        to.qkv->weight.copy_(from.qkv->weight.index_select(0, keepRows));
        if (from.qkv->bias.defined())
            to.qkv->bias.copy_(from.qkv->bias.index_select(0, keepRows));
        to.proj->weight.copy_(from.proj->weight.index_select(1, indexTensor(queryRows, from.proj->weight.device())));
    }
    return smaller;
}

model::Transformer withoutChannels(model::TransformerImpl& model, const std::vector<std::vector<int64_t>>& removed)
{
    torch::NoGradGuard noGrad;
    const int64_t ff = model.config().ffDim();
    const model::ModelConfig config = configWithoutChannels(model.config(), int64_t(removed.front().size()));
    model::Transformer smaller = copyWithConfig(model, config);
    for (int64_t i = 0; i < config.n_layer; ++i) {
        auto& from = *model.layers[i]->as<model::Block>()->feedForward;
        auto& to = *smaller->layers[i]->as<model::Block>()->feedForward;
        const torch::Tensor keep = indexTensor(keptIndices(ff, removed[size_t(i)]), from.up->weight.device());
        to.up->weight.copy_(from.up->weight.index_select(0, keep));
        if (from.up->bias.defined())
            to.up->bias.copy_(from.up->bias.index_select(0, keep));
        if (from.gate)
            to.gate->weight.copy_(from.gate->weight.index_select(0, keep));
        to.down->weight.copy_(from.down->weight.index_select(1, keep));
    }
    return smaller;
}

} // namespace lw::quant
