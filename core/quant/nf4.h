#pragma once
// NF4 ("4-bit NormalFloat", Dettmers et al. 2023, QLoRA) with double-quantised absmax:
// the storage of a frozen base weight during QLoRA and one of the Quantize formats.
//
// Layout of a tensor of n weights (n a multiple of 64), flattened row-major:
//   codes         uint8, n/2          two 4-bit indices into nf4CodeValues() per byte,
//                                     the first weight of a pair in the high nibble
//   absmaxCodes   int8, n/64          one per block of 64 weights: round((a - mean) / s)
//   absmaxScales  float32, ceil(n/64/256)  s = max |a - mean| / 127 over a block of 256
//                                     absmax values (the last block may be shorter)
//   absmaxMean    float               mean of all the tensor's absmax values a
// A weight decodes as nf4CodeValues()[nibble] * (absmaxMean + absmaxCode * absmaxScale).
#include <torch/torch.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace lw::quant {

constexpr int64_t kNf4BlockSize = 64;        // weights per absmax
constexpr int64_t kNf4AbsmaxBlockSize = 256; // absmax values per float32 scale

// The 16 NF4 values, ascending; index 7 is 0.0.
const std::array<float, 16>& nf4CodeValues();

struct Nf4Tensor {
    std::vector<int64_t> shape;
    torch::Tensor codes;        // uint8, numel/2
    torch::Tensor absmaxCodes;  // int8, numel/64
    torch::Tensor absmaxScales; // float32, ceil(numel/64/256)
    float absmaxMean = 0.0f;

    int64_t numel() const;
    // Every byte of storage: the three tensors and the mean (the shape is metadata).
    int64_t bytes() const;
    double bitsPerWeight() const;
};

// Quantises a floating-point tensor of any dtype on any device; the result lives on the
// same device. Each weight takes the code nearest to it given the absmax as it will be
// decoded (after double quantisation), so a stored code is always the best one for the
// stored scale. lw::Error naming `name` when the tensor is empty, not floating point, or
// its element count is not a multiple of 64.
Nf4Tensor quantizeNf4(const torch::Tensor& weight, const std::string& name);

// The per-block absmax as decoded: absmaxMean + absmaxCode * absmaxScale (float32, numel/64).
torch::Tensor dequantizeNf4Absmax(const Nf4Tensor& tensor);

// The weights back, in `dtype`, with the original shape, on the tensor's device. On the
// CPU a loop over bytes with a table of decoded pairs; elsewhere dequantizeNf4TorchOps.
torch::Tensor dequantizeNf4(const Nf4Tensor& tensor, torch::ScalarType dtype = torch::kFloat);

// The same result from device-generic torch ops (unpack nibbles, index_select, scale).
torch::Tensor dequantizeNf4TorchOps(const Nf4Tensor& tensor, torch::ScalarType dtype = torch::kFloat);

} // namespace lw::quant
