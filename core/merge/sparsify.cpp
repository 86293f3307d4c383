#include "core/merge/sparsify.h"

#include "core/merge/chunks.h"
#include "core/util/error.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstring>
#include <vector>

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

// Magnitudes as the bits of |x|, which order non-negative floats as unsigned integers
// do; a NaN becomes infinity, the largest, so it is kept (and shows in the result).
std::vector<uint32_t> magnitudeBits(const torch::Tensor& delta)
{
    const torch::Tensor values = delta.reshape({-1}).to(torch::kCPU, torch::kFloat32).contiguous();
    const float* v = values.data_ptr<float>();
    std::vector<uint32_t> bits(static_cast<size_t>(values.numel()));
    constexpr uint32_t kInfinity = 0x7F800000u;
    for (size_t i = 0; i < bits.size(); ++i) {
        uint32_t u;
        std::memcpy(&u, &v[i], sizeof u);
        u &= 0x7FFFFFFFu;
        bits[i] = u > kInfinity ? kInfinity : u;
    }
    return bits;
}

// The k-th largest of the values (1 <= k <= n) by a radix select: a count of the upper
// 16 bits finds the bucket holding it, a count of the lower 16 bits within that bucket
// finds it. Two linear passes, where sorting a large matrix would take seconds.
uint32_t kthLargest(const std::vector<uint32_t>& values, int64_t k)
{
    // Walks the buckets from the top until `rank` values are passed; returns the bucket
    // and leaves in `rank` the rank within it.
    auto findBucket = [](const std::vector<int64_t>& counts, int64_t& rank) {
        for (size_t bucket = counts.size(); bucket-- > 0;) {
            if (rank <= counts[bucket])
                return static_cast<uint32_t>(bucket);
            rank -= counts[bucket];
        }
        return uint32_t(0); // unreachable for 1 <= k <= n
    };
    std::vector<int64_t> counts(1 << 16, 0);
    for (uint32_t v : values)
        ++counts[v >> 16];
    int64_t rank = k;
    const uint32_t high = findBucket(counts, rank);
    std::fill(counts.begin(), counts.end(), 0);
    for (uint32_t v : values)
        if ((v >> 16) == high)
            ++counts[v & 0xFFFFu];
    return (high << 16) | findBucket(counts, rank);
}

} // namespace

torch::Tensor magnitudeKeepMask(const torch::Tensor& delta, double density, const std::string& tensorName)
{
    const int64_t numel = delta.numel();
    // mergekit's count: int(density * numel), truncated.
    const auto k = static_cast<int64_t>(density * static_cast<double>(numel));
    if (k <= 0)
        throw Error(fmt::format("tensor '{}': density {} keeps none of its {} entries", tensorName, density, numel));
    torch::Tensor keep = torch::zeros({numel}, torch::kBool);
    if (k >= numel)
        return keep.fill_(true);

    // Entries above the k-th largest magnitude are kept, and of those equal to it the
    // first ones in index order, so exactly k are kept, deterministically.
    const std::vector<uint32_t> m = magnitudeBits(delta);
    const uint32_t threshold = kthLargest(m, k);
    int64_t atThreshold = k;
    for (uint32_t v : m)
        atThreshold -= v > threshold;
    bool* out = keep.data_ptr<bool>();
    for (int64_t i = 0; i < numel; ++i) {
        if (m[i] > threshold) {
            out[i] = true;
        } else if (m[i] == threshold && atThreshold > 0) {
            out[i] = true;
            --atThreshold;
        }
    }
    return keep;
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
        const torch::Tensor dropped = keep.narrow(0, offset, length).logical_not().to(magnitude.device());
        after += magnitude.masked_fill_(dropped, 0).sum().item<double>();
    });
    // mergekit's guard against dividing by (almost) nothing.
    if (before < 1e-7 || after < 1e-7)
        return 1.0;
    return before / after;
}

} // namespace lw::merge
