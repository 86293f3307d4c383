#include "core/merge/merge_tensor.h"

#include "core/merge/chunks.h"
#include "core/merge/task_arithmetic.h"
#include "core/util/error.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

namespace lw::merge {

namespace {

std::string shapeText(const torch::Tensor& t)
{
    return fmt::format("[{}]", fmt::join(t.sizes(), ", "));
}

// Only for the wording of the error: embeddings and output heads are the tensors whose
// first dimension is the vocabulary.
bool looksLikeVocabularyMatrix(const std::string& name)
{
    for (const char* part : {"embed", "wte", "lm_head", "token_embd"})
        if (name.find(part) != std::string::npos)
            return true;
    return name == "output.weight";
}

torch::Tensor mergeLinear(const std::vector<torch::Tensor>& models, const std::vector<MergeWeights>& weights,
                          bool normalize)
{
    double weightSum = 0;
    for (const auto& w : weights)
        weightSum += w.weight;
    const int64_t numel = models[0].numel();
    std::vector<torch::Tensor> flat;
    for (const auto& m : models)
        flat.push_back(m.reshape({-1}));
    torch::Tensor out = torch::empty({numel}, models[0].options());
    forEachChunk(numel, [&](int64_t offset, int64_t length) {
        torch::Tensor sum = chunkAsDouble(flat[0], offset, length).mul_(weights[0].weight);
        for (size_t i = 1; i < flat.size(); ++i)
            sum.add_(chunkAsDouble(flat[i], offset, length), weights[i].weight);
        if (normalize)
            sum.div_(weightSum);
        out.narrow(0, offset, length).copy_(sum);
    });
    return out.view(models[0].sizes());
}

// mergekit's slerp: the angle comes from the normalised tensors (a norm at or below eps
// is left as it is), nearly colinear tensors fall back to linear interpolation, and
// the coefficients apply to the tensors as given.
torch::Tensor mergeSlerp(const torch::Tensor& first, const torch::Tensor& second, double t)
{
    constexpr double kDotThreshold = 0.9995;
    constexpr double kEps = 1e-8;
    const torch::Tensor v0 = first.reshape({-1});
    const torch::Tensor v1 = second.reshape({-1});
    const int64_t numel = v0.numel();
    double dot = 0, squares0 = 0, squares1 = 0;
    forEachChunk(numel, [&](int64_t offset, int64_t length) {
        torch::Tensor a = chunkAsDouble(v0, offset, length);
        torch::Tensor b = chunkAsDouble(v1, offset, length);
        dot += a.dot(b).item<double>();
        squares0 += a.dot(a).item<double>();
        squares1 += b.dot(b).item<double>();
    });
    const double norm0 = std::sqrt(squares0), norm1 = std::sqrt(squares1);
    const double cosine = dot / ((norm0 > kEps ? norm0 : 1.0) * (norm1 > kEps ? norm1 : 1.0));
    double s0 = 1 - t, s1 = t;
    if (std::abs(cosine) <= kDotThreshold) {
        const double theta0 = std::acos(cosine);
        const double sinTheta0 = std::sin(theta0);
        s0 = std::sin(theta0 - theta0 * t) / sinTheta0;
        s1 = std::sin(theta0 * t) / sinTheta0;
    }
    torch::Tensor out = torch::empty({numel}, first.options());
    forEachChunk(numel, [&](int64_t offset, int64_t length) {
        torch::Tensor mixed = chunkAsDouble(v0, offset, length).mul_(s0);
        mixed.add_(chunkAsDouble(v1, offset, length), s1);
        out.narrow(0, offset, length).copy_(mixed);
    });
    return out.view(first.sizes());
}

} // namespace

void checkMergeable(const std::string& name, const std::vector<torch::Tensor>& tensors,
                    const std::vector<std::string>& labels)
{
    for (size_t i = 0; i < tensors.size(); ++i) {
        if (!tensors[i].defined())
            throw Error(fmt::format("tensor '{}': {} gave no tensor", name, modelLabel(labels, i)));
        if (!tensors[i].is_floating_point())
            throw Error(fmt::format("tensor '{}' of {} has dtype {}; only floating-point tensors can be merged", name,
                                    modelLabel(labels, i), std::string(c10::toString(tensors[i].scalar_type()))));
    }
    for (size_t i = 1; i < tensors.size(); ++i) {
        if (tensors[i].sizes() == tensors[0].sizes())
            continue;
        std::string message = fmt::format("tensor '{}' has shape {} in {} but {} in {}", name, shapeText(tensors[0]),
                                          modelLabel(labels, 0), shapeText(tensors[i]), modelLabel(labels, i));
        if (looksLikeVocabularyMatrix(name) && tensors[0].dim() == 2 && tensors[i].dim() == 2 &&
            tensors[0].size(1) == tensors[i].size(1))
            message += ": the vocabularies differ in size, and merging vocabularies is not supported";
        throw Error(message);
    }
}

torch::Tensor mergeTensor(const std::string& name, const std::vector<torch::Tensor>& models, const torch::Tensor* base,
                          const MergeOptions& options, const std::vector<MergeWeights>& weights,
                          const std::vector<std::string>& labels)
{
    if (weights.size() != models.size())
        throw Error::inField("models", fmt::format("{} tensors but {} sets of weights", models.size(), weights.size()));
    options.validate(weights, base != nullptr, labels);
    std::vector<torch::Tensor> all = models;
    std::vector<std::string> allLabels;
    for (size_t i = 0; i < models.size(); ++i)
        allLabels.push_back(modelLabel(labels, i));
    if (base) {
        all.push_back(*base);
        allLabels.push_back(models.size() < labels.size() ? labels[models.size()] : "the base model");
    }
    checkMergeable(name, all, allLabels);

    switch (options.parsedMethod()) {
    case MergeMethod::Linear:
        return mergeLinear(models, weights, options.normalizeOrDefault());
    case MergeMethod::Slerp:
        return mergeSlerp(models[0], models[1], options.t);
    default:
        return mergeTaskVectors(name, models, *base, options, weights);
    }
}

} // namespace lw::merge
