#include "core/merge/task_arithmetic.h"

#include "core/merge/chunks.h"
#include "core/merge/sparsify.h"

#include <cmath>

namespace lw::merge {

namespace {

// One model's task vector after sparsification: the entries kept (undefined: all) and
// the factor they are scaled by.
struct SparseDelta {
    torch::Tensor keep;
    double scale = 1.0;
};

SparseDelta sparsify(const std::string& name, size_t modelIndex, const torch::Tensor& model, const torch::Tensor& base,
                     Sparsification method, double density, bool rescale, uint64_t seed)
{
    SparseDelta sparse;
    // As in mergekit, a density of 1 leaves the delta as it is (and unscaled).
    if (method == Sparsification::None || density >= 1)
        return sparse;
    if (method == Sparsification::Magnitude)
        // Ranked in float32, as mergekit ranks float32 models.
        sparse.keep = magnitudeKeepMask(model.to(torch::kFloat32) - base.to(torch::kFloat32), density, name);
    else
        sparse.keep = randomKeepMask(seed, name, modelIndex, model.numel(), density).to(model.device());
    if (rescale)
        sparse.scale = l1RescaleFactor(model, base, sparse.keep);
    return sparse;
}

} // namespace

torch::Tensor mergeTaskVectors(const std::string& name, const std::vector<torch::Tensor>& models,
                               const torch::Tensor& base, const MergeOptions& options,
                               const std::vector<MergeWeights>& weights)
{
    const MethodTraits traits = methodTraits(options.parsedMethod());
    const bool normalize = options.normalizeOrDefault();
    const bool rescale = options.rescaleOrDefault();
    const int64_t numel = base.numel();
    const torch::Tensor baseFlat = base.reshape({-1});

    std::vector<torch::Tensor> flat;
    std::vector<SparseDelta> sparse;
    double weightSum = 0;
    for (size_t i = 0; i < models.size(); ++i) {
        flat.push_back(models[i].reshape({-1}));
        sparse.push_back(sparsify(name, i, flat[i], baseFlat, traits.sparsification, weights[i].density, rescale,
                                  options.seed));
        weightSum += weights[i].weight;
    }
    // Without sign consensus mergekit divides by the plain sum of weights, unless it is
    // (almost) zero.
    const double linearDivisor = std::abs(weightSum) < 1e-8 ? 1.0 : weightSum;
    const auto doubleOptions = baseFlat.options().dtype(torch::kDouble);
    const torch::Tensor weightColumn =
        torch::tensor(std::vector<double>([&] {
                          std::vector<double> w;
                          for (const auto& m : weights)
                              w.push_back(m.weight);
                          return w;
                      }()),
                      doubleOptions)
            .unsqueeze(1); // (models, 1)

    torch::Tensor out = torch::empty({numel}, base.options());
    forEachChunk(numel, [&](int64_t offset, int64_t length) {
        const torch::Tensor b = chunkAsDouble(baseFlat, offset, length);
        std::vector<torch::Tensor> rows;
        for (size_t i = 0; i < flat.size(); ++i) {
            torch::Tensor delta = chunkAsDouble(flat[i], offset, length).sub_(b);
            if (sparse[i].keep.defined())
                delta.masked_fill_(sparse[i].keep.narrow(0, offset, length).logical_not(), 0).mul_(sparse[i].scale);
            rows.push_back(delta);
        }
        const torch::Tensor weighted = torch::stack(rows).mul_(weightColumn); // (models, length)
        torch::Tensor mixed;
        if (traits.signConsensus) {
            // The elected sign is that of the summed weighted deltas (ties go to +);
            // only entries of that sign (zeros never) are added, and counted in the divisor.
            const torch::Tensor elected = torch::where(weighted.sum(0) >= 0, 1.0, -1.0);
            const torch::Tensor agrees = (weighted.sign() == elected).to(torch::kDouble);
            mixed = (weighted * agrees).sum(0);
            if (normalize) {
                torch::Tensor divisor = (weightColumn * agrees).sum(0);
                mixed.div_(divisor.masked_fill_(divisor == 0, 1.0));
            }
        } else {
            mixed = weighted.sum(0);
            if (normalize)
                mixed.div_(linearDivisor);
        }
        out.narrow(0, offset, length).copy_(b.add_(mixed, options.lambda));
    });
    return out.view(base.sizes());
}

} // namespace lw::merge
