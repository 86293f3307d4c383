#include "core/merge/sparsify.h"

#include "core/merge/chunks.h"
#include "core/util/error.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <ATen/Parallel.h>

namespace lw::merge {

namespace {

constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ull;

// SplitMix64's output function: a bijection whose outputs for consecutive inputs pass
// the usual statistical test batteries, so element i of a stream is mix(seed + i * golden).
uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

} // namespace

torch::Tensor magnitudeKeepMask(const torch::Tensor& delta, double density, const std::string& tensorName)
{
    const int64_t numel = delta.numel();
    // mergekit's count: int(density * numel), truncated.
    const auto k = static_cast<int64_t>(density * static_cast<double>(numel));
    if (k <= 0)
        throw Error(fmt::format("tensor '{}': density {} keeps none of its {} entries", tensorName, density, numel));
    torch::Tensor magnitude = delta.reshape({-1}).to(torch::kFloat32).abs();
    torch::Tensor keep = torch::zeros({numel}, magnitude.options().dtype(torch::kBool));
    if (k >= numel)
        return keep.fill_(true);
    torch::Tensor top = std::get<1>(torch::topk(magnitude, k, /*dim=*/0, /*largest=*/true, /*sorted=*/false));
    return keep.index_fill_(0, top, true);
}

uint64_t maskStreamSeed(uint64_t seed, const std::string& tensorName, size_t modelIndex)
{
    const uint64_t named = XXH3_64bits_withSeed(tensorName.data(), tensorName.size(), seed);
    return mix(named + kGolden * (static_cast<uint64_t>(modelIndex) + 1));
}

torch::Tensor randomKeepMask(uint64_t seed, const std::string& tensorName, size_t modelIndex, int64_t numel,
                             double density)
{
    const uint64_t stream = maskStreamSeed(seed, tensorName, modelIndex);
    torch::Tensor keep = torch::empty({numel}, torch::kBool);
    bool* out = keep.data_ptr<bool>();
    at::parallel_for(0, numel, 1 << 16, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            // The top 53 bits as a uniform double in [0, 1): kept with probability density.
            const double u = static_cast<double>(mix(stream + kGolden * static_cast<uint64_t>(i + 1)) >> 11) * 0x1.0p-53;
            out[i] = u < density;
        }
    });
    return keep;
}

double l1RescaleFactor(const torch::Tensor& model, const torch::Tensor& base, const torch::Tensor& keep)
{
    double before = 0, after = 0;
    forEachChunk(model.numel(), [&](int64_t offset, int64_t length) {
        torch::Tensor magnitude = (chunkAsDouble(model, offset, length) - chunkAsDouble(base, offset, length)).abs();
        before += magnitude.sum().item<double>();
        after += magnitude.masked_fill_(keep.narrow(0, offset, length).logical_not(), 0).sum().item<double>();
    });
    // mergekit's guard against dividing by (almost) nothing.
    if (before < 1e-7 || after < 1e-7)
        return 1.0;
    return before / after;
}

} // namespace lw::merge
