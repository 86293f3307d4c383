#pragma once
// The smaller models that structured pruning leaves: a copy of a model without the
// attention heads or MLP channels that pruning chose, every other weight copied as it is.
//   - heads: each layer loses the same number of query heads (removed[layer] lists them
//     by index). Their rows of the fused q/k/v map and their columns of the output map
//     go; without grouped-query attention their key and value rows go too, while with it
//     every key/value head stays (each group has lost the same number of query heads).
//     n_head shrinks and head_dim is stated, since d_model / n_head no longer gives it.
//   - channels: d_ff shrinks by removed[layer].size(); the up (and gate) rows and the
//     down map's columns of the removed channels go.
#include "core/model/transformer.h"

#include <cstdint>
#include <vector>

namespace lw::quant {

model::Transformer withoutHeads(model::TransformerImpl& model, const std::vector<std::vector<int64_t>>& removed);
model::Transformer withoutChannels(model::TransformerImpl& model, const std::vector<std::vector<int64_t>>& removed);

// The configs of those copies: `count` query heads or MLP channels fewer in every layer.
model::ModelConfig configWithoutHeads(const model::ModelConfig& config, int64_t count);
model::ModelConfig configWithoutChannels(const model::ModelConfig& config, int64_t count);

} // namespace lw::quant
