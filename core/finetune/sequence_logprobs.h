#pragma once
// Per-sequence log-probabilities of given tokens, as preference tuning (DPO and its
// kin) needs them: for each sequence b, sum over t of mask[b,t] * log p(targets[b,t]),
// where p = softmax(hidden[b,t] @ W^T).
//
// Only the rows whose mask is set are projected, a chunk of rows at a time, and the
// logits of a chunk are dropped as soon as its log-probabilities are known; backward
// recomputes them chunk by chunk. So neither pass holds more than (rowsPerChunk, V)
// logits, where the plain form would keep (B*T, V) log-softmax alive for backward.
#include <torch/torch.h>

#include <cstdint>

namespace lw::finetune {

struct SequenceLogProbs {
    torch::Tensor sum;    // (B): the summed log-probabilities, differentiable w.r.t. hidden and W
    torch::Tensor tokens; // (B) int64: how many positions of each sequence count
};

// Rows projected at once: 1024 x V fp32 logits are 620 MB at V = 151,936 (Qwen2);
// backward holds two such chunks (the logits and their softmax) at a time.
constexpr int64_t kDefaultRowsPerChunk = 1024;

// hidden: (B, T, C) floating point, e.g. model::Transformer::hidden(idx).
// outputWeight: (V, C), the model's output projection (Transformer::outputWeight()).
// targets: (B, T) integer next-token ids; only positions whose mask is set are read, and
//   those must lie in [0, V).
// mask: (B, T) bool, integer or floating point; a non-zero entry means the token counts
//   (a fractional value counts as 1: this is a selection, not a weighting).
// The sum has hidden's dtype, or float when hidden is 16-bit (logits are taken to
// float before the log-softmax). A sequence with no counted token sums to 0.
// Bad shapes, dtypes or a target outside the vocabulary are an lw::Error naming the
// argument (and the position of the bad target).
SequenceLogProbs sequenceLogProbs(const torch::Tensor& hidden, const torch::Tensor& outputWeight,
                                  const torch::Tensor& targets, const torch::Tensor& mask,
                                  int64_t rowsPerChunk = kDefaultRowsPerChunk);

} // namespace lw::finetune

namespace lw::finetune {

// The same sums from logits already computed (B, T, V), for models whose output head
// has an adapter (its logits are not hidden @ weight^T). Materialises the log-softmax.
SequenceLogProbs sequenceLogProbsOfLogits(const torch::Tensor& logits, const torch::Tensor& targets,
                                          const torch::Tensor& mask);

} // namespace lw::finetune
