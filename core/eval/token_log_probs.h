#pragma once
// log p(target | row) for rows of final hidden states, through the model's output head
// in chunks of rows: a window's full logits (1024 x 50257 floats for GPT-2, 206 MB) are
// never held at once, and rows that score nothing never reach the head.
#include "core/model/transformer.h"

#include <torch/torch.h>

namespace lw::eval {

struct RowLogProbs {
    torch::Tensor logprobs; // (N) float64 on the CPU
    torch::Tensor greedy;   // (N) bool on the CPU: the target was the row's argmax
};

// hidden: (N, d_model) on the model's device; targets: (N) int64 on any device.
RowLogProbs targetLogProbs(model::Transformer& model, const torch::Tensor& hidden, const torch::Tensor& targets);

} // namespace lw::eval
