#pragma once
// Merging whole models, one named tensor at a time: each model gives its tensor of that
// name, the merged tensor goes to the sink, and only then is the next name loaded, so
// a merge of 7B models holds a tensor of each, never the models.
#include "core/merge/merge_options.h"

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

namespace lw::merge {

struct MergeInput {
    std::string label;              // names the model in errors: a path or a model name
    std::vector<std::string> names; // the tensors it has
    std::function<torch::Tensor(const std::string& name)> tensor; // loads one of them
    double weight = 1.0;
    double density = 1.0;
};

using MergeSink = std::function<void(const std::string& name, torch::Tensor merged)>;
// Called after each tensor with the share of tensors done and the tensor's name;
// returning false cancels the merge.
using MergeProgress = std::function<bool(double fraction, const std::string& name)>;

// Merges `inputs` (options.baseIndex, if set, names the base among them; for slerp the
// base is the t = 0 end) tensor by tensor, in the order of the base's names (or the
// first input's). Every model must have the same tensor names and every tensor one
// shape: lw::Error names the tensor and the models otherwise, as it does for bad
// options before anything is loaded. A cancel is lw::Error "merge cancelled". Tensors
// already given to the sink stay given: write them somewhere temporary.
void mergeModels(const std::vector<MergeInput>& inputs, const MergeOptions& options, const MergeSink& sink,
                 const MergeProgress& progress = {});

} // namespace lw::merge
