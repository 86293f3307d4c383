#pragma once
// Sparsifying a task vector, as mergekit's sparsify.py does: TIES keeps the largest
// magnitudes, DARE keeps random entries; either may then rescale what it kept so the
// vector's L1 norm is unchanged.
#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace lw::merge {

// Which entries of `delta` (any shape) TIES keeps: the int(density * numel) of largest
// magnitude, compared in float32; of equal magnitudes the lower indices first. A flat
// bool tensor on the CPU. A density that keeps no entry is an lw::Error naming
// the tensor.
torch::Tensor magnitudeKeepMask(const torch::Tensor& delta, double density, const std::string& tensorName);

// Which entries DARE keeps: each with probability `density`, drawn from a counter-based
// generator seeded by (seed, tensorName, modelIndex). The mask depends on nothing else:
// not on the order tensors are merged in, the thread count, the device or the LibTorch
// version. A flat bool tensor on the CPU.
torch::Tensor randomKeepMask(uint64_t seed, const std::string& tensorName, size_t modelIndex, int64_t numel,
                             double density);

// The seed of one tensor's and one model's mask stream.
uint64_t maskStreamSeed(uint64_t seed, const std::string& tensorName, size_t modelIndex);

// sum|model - base| / sum|kept entries of it| (mergekit's L1 rescale), or 1 when either
// sum is below 1e-7. `model` and `base` are flat; `keep` is a flat bool mask (CPU).
double l1RescaleFactor(const torch::Tensor& model, const torch::Tensor& base, const torch::Tensor& keep);

} // namespace lw::merge
