#pragma once
// Output projection fused with the next-token cross-entropy.
//
// The unfused form materialises logits (N x vocab), their log-softmax and, in backward,
// their gradient: for GPT-2 124M at batch 8 x 1024 that is three 1.6 GB tensors. Here
// rows are processed in chunks: each chunk's logits are turned into the loss and, in
// the same pass, into softmax - one_hot, which is multiplied straight into the hidden
// and weight gradients. backward() then only scales the stored gradients.
#include <torch/torch.h>

namespace lw::model {

// hidden: (N, C); weight: (V, C); targets: (N) int64 with -1 = ignore.
// Returns the mean loss over non-ignored rows as a 0-dim tensor.
torch::Tensor linearCrossEntropy(const torch::Tensor& hidden, const torch::Tensor& weight, const torch::Tensor& targets);

// Plain logits + torch::cross_entropy, for tests and non-CPU devices.
torch::Tensor linearCrossEntropyReference(const torch::Tensor& hidden, const torch::Tensor& weight,
                                          const torch::Tensor& targets);

} // namespace lw::model
