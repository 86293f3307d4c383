#pragma once
// The task-vector methods (task_arithmetic, ties, dare_linear, dare_ties), as mergekit's
// generalized_task_arithmetic.py defines them: deltas = model - base, sparsified per
// model, weighted, optionally reduced to the entries that agree with the elected sign,
// summed, optionally normalised by the weights, scaled by lambda, added to the base.
#include "core/merge/merge_options.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace lw::merge {

// Tensors are already checked (same shape, floating point); options validated.
torch::Tensor mergeTaskVectors(const std::string& name, const std::vector<torch::Tensor>& models,
                               const torch::Tensor& base, const MergeOptions& options,
                               const std::vector<MergeWeights>& weights);

} // namespace lw::merge
