#include "core/merge/merge_models.h"

#include "core/merge/merge_tensor.h"
#include "core/util/error.h"

#include <fmt/format.h>

#include <set>

namespace lw::merge {

namespace {

std::set<std::string> nameSet(const MergeInput& input)
{
    std::set<std::string> names;
    for (const auto& name : input.names)
        if (!names.insert(name).second)
            throw Error(fmt::format("{} lists tensor '{}' twice", input.label, name));
    return names;
}

// Every input has exactly the reference's tensors; the first one missing on either
// side is named with both models.
void checkSameNames(const std::vector<MergeInput>& inputs, size_t reference)
{
    const std::set<std::string> expected = nameSet(inputs[reference]);
    for (size_t i = 0; i < inputs.size(); ++i) {
        if (i == reference)
            continue;
        const std::set<std::string> names = nameSet(inputs[i]);
        for (const auto& name : inputs[reference].names)
            if (!names.count(name))
                throw Error(fmt::format("tensor '{}' is in {} but not in {}", name, inputs[reference].label,
                                        inputs[i].label));
        for (const auto& name : inputs[i].names)
            if (!expected.count(name))
                throw Error(fmt::format("tensor '{}' is in {} but not in {}", name, inputs[i].label,
                                        inputs[reference].label));
    }
}

} // namespace

void mergeModels(const std::vector<MergeInput>& inputs, const MergeOptions& options, const MergeSink& sink,
                 const MergeProgress& progress)
{
    const MergeMethod method = options.parsedMethod();
    if (options.baseIndex && *options.baseIndex >= inputs.size())
        throw Error::inField("base", fmt::format("model {} does not exist: there are {} models", *options.baseIndex,
                                                 inputs.size()));
    for (const auto& input : inputs)
        if (!input.tensor)
            throw Error::inField("models", input.label + " has no way to load its tensors");

    // The models merged, in order; the base apart, except for slerp, where it is the
    // first of the two ends.
    std::vector<size_t> merged;
    const bool separateBase = options.baseIndex && method != MergeMethod::Slerp;
    if (options.baseIndex && method == MergeMethod::Slerp)
        merged.push_back(*options.baseIndex);
    for (size_t i = 0; i < inputs.size(); ++i)
        if (!options.baseIndex || i != *options.baseIndex)
            merged.push_back(i);
    std::vector<MergeWeights> weights;
    std::vector<std::string> labels;
    for (size_t i : merged) {
        weights.push_back({inputs[i].weight, inputs[i].density});
        labels.push_back(inputs[i].label);
    }
    options.validate(weights, separateBase, labels);
    if (separateBase)
        labels.push_back(inputs[*options.baseIndex].label);

    const size_t reference = options.baseIndex.value_or(0);
    checkSameNames(inputs, reference);
    const std::vector<std::string>& names = inputs[reference].names;
    for (size_t n = 0; n < names.size(); ++n) {
        const std::string& name = names[n];
        std::vector<torch::Tensor> tensors;
        for (size_t i : merged)
            tensors.push_back(inputs[i].tensor(name));
        torch::Tensor base;
        if (separateBase)
            base = inputs[*options.baseIndex].tensor(name);
        torch::Tensor result = mergeTensor(name, tensors, separateBase ? &base : nullptr, options, weights, labels);
        tensors.clear();
        base = torch::Tensor();
        sink(name, std::move(result));
        if (progress && !progress(static_cast<double>(n + 1) / static_cast<double>(names.size()), name))
            throw Error("merge cancelled");
    }
}

} // namespace lw::merge
