#pragma once
// Pruning of the linear maps inside a model's layers (the embeddings and the output head
// are kept whole, as the Wanda paper does):
//   - magnitude: in each output row, the weights of smallest |W_ij| set to zero;
//   - wanda (Sun et al. 2023): the same with the score |W_ij| * ||X_j||_2, where X_j is
//     input j over the calibration tokens, compared within each output row;
//   - 2:4 semi-structured: in every group of 4 consecutive inputs of a row, the 2 of
//     lowest score (magnitude or Wanda) set to zero;
//   - heads: the K attention heads of lowest importance in every layer (||head output||
//     over the calibration tokens times the norm of its columns of the output map)
//     removed: n_head shrinks by K and the model gets smaller and faster (head_dim keeps
//     the heads' width, pruned_model_copy.h). With grouped-query attention (n_kv_head <
//     n_head) K must be a multiple of n_kv_head and each key/value group loses its
//     K / n_kv_head least important query heads, so the groups stay equal and every
//     key/value head stays; without it a head's key and value rows go with it;
//   - channels: the C MLP channels of lowest Wanda-style score (||X_c||_2 of the down
//     map's input times the norm of its column c) removed from every layer: d_ff
//     shrinks by C and the model gets smaller.
// Unstructured sparsity removes exactly floor(sparsity * inputs) weights of every row.
// Data-driven methods walk the layers in order (calibration.h), so each layer is scored
// on the inputs the already pruned layers before it give.
#include "core/model/transformer.h"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace lw::quant {

enum class PruneMethod { Magnitude, Wanda, SemiStructured, Heads, Channels };

const char* pruneMethodName(PruneMethod method); // "magnitude", "wanda", "2:4", "heads", "channels"
PruneMethod pruneMethodFromName(const std::string& name); // lw::Error listing the names

struct PruneSettings {
    PruneMethod method = PruneMethod::Wanda;
    double sparsity = 0.5;       // magnitude, wanda: share of each row's weights set to zero
    bool wandaScore = true;      // 2:4: score by |W| * ||X|| (else by |W|)
    int64_t removeHeads = 0;     // heads: per layer (a multiple of n_kv_head with grouped-query attention)
    int64_t removeChannels = 0;  // channels: per layer

    void validate(const model::ModelConfig& config) const; // lw::Error naming the field
    bool needsCalibration() const;
    nlohmann::json toJson() const;
};

struct PruneReport {
    int64_t zeroWeights = 0;  // in the layers' linear maps, after pruning
    int64_t totalWeights = 0;
    double sparsity() const { return totalWeights > 0 ? double(zeroWeights) / double(totalWeights) : 0.0; }
    std::vector<std::vector<int64_t>> removed; // heads or channels: the indices removed, per layer
    int64_t parametersBefore = 0, parametersAfter = 0; // of the whole model: heads and channels shrink it
    nlohmann::json toJson() const;
};

// |W| * ||X_j||_2: weight (out, in), inputNorm (in).
torch::Tensor wandaScores(const torch::Tensor& weight, const torch::Tensor& inputNorm);
// Keep-mask (bool, same shape as scores): false for the floor(sparsity * cols) lowest
// scores of every row (of equal scores, the earlier column goes first).
torch::Tensor rowSparsityMask(const torch::Tensor& scores, double sparsity);
// Keep-mask with the 2 highest scores of every 4 consecutive columns kept (cols a multiple of 4).
torch::Tensor twoOfFourMask(const torch::Tensor& scores);

// The config of the model pruneModel gives (smaller for heads and channels), for size
// estimates before pruning; settings are validated against `config` first.
model::ModelConfig prunedConfig(const model::ModelConfig& config, const PruneSettings& settings);

// Layers done of all; returning false cancels (lw::Error "cancelled").
using LayerProgress = std::function<bool(int64_t done, int64_t total)>;

// Prunes `model` (changed in place) and returns it, or for heads and channels a new,
// smaller model. windows: (N, L) calibration tokens; may be undefined for magnitude pruning.
model::Transformer pruneModel(model::Transformer model, const torch::Tensor& windows, const PruneSettings& settings,
                              PruneReport& report, const LayerProgress& progress = {});

} // namespace lw::quant
