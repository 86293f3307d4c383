#pragma once
// Merges are computed in double precision, a slice of the flattened tensors at a time:
// exact enough that merging copies of one model gives it back bit for bit, without
// holding a double copy of a whole (perhaps 500-million-element) tensor.
#include <torch/torch.h>

#include <algorithm>
#include <cstdint>

namespace lw::merge {

constexpr int64_t kMergeChunk = int64_t(1) << 20;

// Calls f(offset, length) over [0, numel) in kMergeChunk slices.
template <typename F>
void forEachChunk(int64_t numel, F&& f)
{
    for (int64_t offset = 0; offset < numel; offset += kMergeChunk)
        f(offset, std::min(kMergeChunk, numel - offset));
}

// A copy of one slice of a flattened tensor, in double: always a copy, so callers may
// work on it in place even when the model's tensor is double already.
inline torch::Tensor chunkAsDouble(const torch::Tensor& flat, int64_t offset, int64_t length)
{
    return flat.narrow(0, offset, length).to(torch::kDouble, /*non_blocking=*/false, /*copy=*/true);
}

} // namespace lw::merge
