#pragma once
// Causal multi-head self-attention with grouped-query heads.
//
// The CPU path is a fused kernel in the spirit of FlashAttention: for each (batch, head)
// it walks blocks of 64 query rows, multiplies them with the keys up to the diagonal
// only, and keeps one log-sum-exp per row for the backward pass, which recomputes the
// probabilities. No (T x T) mask or attention matrix is ever stored, and q, k, v are
// read straight out of the packed projection output (no transposes or copies).
#include <torch/torch.h>

namespace lw::model {

// qkv: (B, T, (n_head + 2 * n_kv_head) * head_dim), packed as [q | k | v], heads
// contiguous inside each part. Returns (B, T, n_head * head_dim).
// Dropout on attention weights (training only) uses the reference path.
torch::Tensor causalSelfAttention(const torch::Tensor& qkv, int64_t nHead, int64_t nKvHead,
                                  double attentionDropout = 0.0, bool training = false);

// The textbook formulation (materialised scores and mask), for tests and for devices
// and dtypes the fused kernel does not cover.
torch::Tensor causalSelfAttentionReference(const torch::Tensor& qkv, int64_t nHead, int64_t nKvHead,
                                           double attentionDropout = 0.0, bool training = false);

// Forward-only attention of new query rows against cached keys and values, for
// decoding. q: (B, Tq, n_head * hd) (any row stride, contiguous last dim); k, v:
// (B, Tk, n_kv_head * hd) with Tk >= Tq; query row r sits at position Tk - Tq + r and
// attends to keys 0..Tk-Tq+r. Returns (B, Tq, n_head * hd).
torch::Tensor cachedAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                              int64_t nHead, int64_t nKvHead);

} // namespace lw::model
