#include "core/merge/task_arithmetic.h"

#include "core/merge/chunks.h"
#include "core/merge/sparsify.h"

#include <ATen/Parallel.h>

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
        sparse.keep = randomKeepMask(seed, name, modelIndex, model.numel(), density);
    if (rescale)
        sparse.scale = l1RescaleFactor(model, base, sparse.keep);
    return sparse;
}

// The element-wise part of the merge, for one chunk: sparsified, weighted deltas; with
// sign consensus the elected sign is that of their sum (a zero sum elects +), and only
// deltas of that sign (never zeros) are added and counted in the divisor.
struct Combine {
    bool signConsensus;
    bool normalize;
    double linearDivisor;
    double lambda;
    std::vector<double> weights, scales;

    // base (double, CPU) becomes the merged chunk; x are the models' chunks (double,
    // CPU), keep their masks (bool, CPU, or undefined for all).
    void apply(torch::Tensor& base, const std::vector<torch::Tensor>& x, const std::vector<torch::Tensor>& keep) const
    {
        const size_t n = x.size();
        std::vector<const double*> xs(n);
        std::vector<const bool*> keeps(n);
        for (size_t i = 0; i < n; ++i) {
            xs[i] = x[i].data_ptr<double>();
            keeps[i] = keep[i].defined() ? keep[i].data_ptr<bool>() : nullptr;
        }
        double* b = base.data_ptr<double>();
        at::parallel_for(0, base.numel(), 1 << 14, [&](int64_t begin, int64_t end) {
            std::vector<double> weighted(n);
            for (int64_t j = begin; j < end; ++j) {
                double sum = 0;
                for (size_t i = 0; i < n; ++i) {
                    const bool kept = !keeps[i] || keeps[i][j];
                    weighted[i] = kept ? weights[i] * ((xs[i][j] - b[j]) * scales[i]) : 0.0;
                    sum += weighted[i];
                }
                double mixed = sum, divisor = linearDivisor;
                if (signConsensus) {
                    const bool positive = sum >= 0;
                    mixed = 0;
                    divisor = 0;
                    for (size_t i = 0; i < n; ++i)
                        if (positive ? weighted[i] > 0 : weighted[i] < 0) {
                            mixed += weighted[i];
                            divisor += weights[i];
                        }
                    if (divisor == 0)
                        divisor = 1;
                }
                if (normalize)
                    mixed /= divisor;
                b[j] += lambda * mixed;
            }
        });
    }
};

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
    Combine combine{traits.signConsensus, normalize, linearDivisor, options.lambda, {}, {}};
    for (size_t i = 0; i < models.size(); ++i) {
        combine.weights.push_back(weights[i].weight);
        combine.scales.push_back(sparse[i].scale);
    }

    torch::Tensor out = torch::empty({numel}, base.options());
    forEachChunk(numel, [&](int64_t offset, int64_t length) {
        // On the CPU, where one pass over the entries does what a dozen tensor
        // operations would.
        torch::Tensor b = chunkAsDouble(baseFlat, offset, length).to(torch::kCPU).contiguous();
        std::vector<torch::Tensor> x, keep;
        for (size_t i = 0; i < flat.size(); ++i) {
            x.push_back(chunkAsDouble(flat[i], offset, length).to(torch::kCPU).contiguous());
            keep.push_back(sparse[i].keep.defined() ? sparse[i].keep.narrow(0, offset, length).contiguous()
                                                    : torch::Tensor());
        }
        combine.apply(b, x, keep);
        out.narrow(0, offset, length).copy_(b);
    });
    return out.view(base.sizes());
}

} // namespace lw::merge
