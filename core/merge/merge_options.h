#pragma once
// The settings of one model merge. The methods and their defaults are mergekit's
// (github.com/arcee-ai/mergekit, merge_methods/registry.py): a merge made here with the
// same settings gives the tensors mergekit gives, up to rounding and DARE's random draw.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lw::merge {

enum class MergeMethod { Linear, Slerp, TaskArithmetic, Ties, DareLinear, DareTies };

// "linear", "slerp", "task_arithmetic", "ties", "dare_linear", "dare_ties".
std::string methodName(MergeMethod method);
// The inverse; lw::Error naming the field "method" for any other name.
MergeMethod parseMethod(const std::string& name);

enum class Sparsification {
    None,
    Magnitude, // keep the `density` share of largest |delta| (TIES' trim)
    Random,    // keep each entry with probability `density` (DARE's drop)
};

// What a method does, as one row of mergekit's table of task-arithmetic methods.
struct MethodTraits {
    bool usesBase = false;       // works on task vectors (model - base)
    Sparsification sparsification = Sparsification::None;
    bool signConsensus = false;  // TIES' sign election ("sum") and disjoint mean
    bool defaultNormalize = false;
    bool defaultRescale = false; // rescale kept entries so the L1 norm is unchanged
};
MethodTraits methodTraits(MergeMethod method);

// Per-model parameters: the weight of the model (or of its task vector) and the share
// of its task vector that sparsification keeps.
struct MergeWeights {
    double weight = 1.0;
    double density = 1.0;

    nlohmann::json toJson() const;
    static MergeWeights fromJson(const nlohmann::json& json, const std::string& context = "model");
};

// labels[index], or "models[index]" where labels has none.
std::string modelLabel(const std::vector<std::string>& labels, size_t index);

struct MergeOptions {
    std::string method = "linear";
    double t = 0.5;      // slerp: 0 gives the first model (or the base), 1 the second
    double lambda = 1.0; // task-vector methods: scale of the merged delta
    std::optional<bool> normalize; // unset: the method's default (methodTraits)
    std::optional<bool> rescale;   // unset: the method's default (methodTraits)
    uint64_t seed = 0;             // DARE's drop masks derive from it and the tensor name
    std::optional<size_t> baseIndex; // which input is the base model

    MergeMethod parsedMethod() const { return parseMethod(method); }
    bool normalizeOrDefault() const;
    bool rescaleOrDefault() const;

    // Checks the options against the models merged (the base not among them), with
    // lw::Error naming the field: "method", "t", "lambda", "base", "models",
    // "<label>.weight", "<label>.density". Labels default to "models[i]".
    void validate(const std::vector<MergeWeights>& models, bool hasBase,
                  const std::vector<std::string>& labels = {}) const;

    nlohmann::json toJson() const;
    // Unknown keys and wrong types are refused, naming the field.
    static MergeOptions fromJson(const nlohmann::json& json);
};

} // namespace lw::merge
