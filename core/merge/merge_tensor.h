#pragma once
// Merging one named tensor of several models of one shape, by the methods of
// merge_options.h. Arithmetic is in double, the result has the dtype of the base (or of
// the first model when there is no base).
#include "core/merge/merge_options.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace lw::merge {

// `models` are the merged models' tensors (the base not among them), `weights` their
// parameters, in the same order; `base` is the base model's tensor or null. slerp takes
// two models and no base: t = 0 gives models[0]. DARE draws model i's mask from
// (options.seed, name, i). Bad options, shapes or dtypes are an lw::Error; `labels`
// (optional, one per model, then one for the base) name the models in its message.
torch::Tensor mergeTensor(const std::string& name, const std::vector<torch::Tensor>& models,
                          const torch::Tensor* base, const MergeOptions& options,
                          const std::vector<MergeWeights>& weights, const std::vector<std::string>& labels = {});

// The checks mergeTensor makes before merging: every tensor defined and floating point,
// every shape equal to the first one. lw::Error names the tensor, the models and their
// shapes (and says so when two embeddings differ in vocabulary size).
void checkMergeable(const std::string& name, const std::vector<torch::Tensor>& tensors,
                    const std::vector<std::string>& labels);

} // namespace lw::merge
