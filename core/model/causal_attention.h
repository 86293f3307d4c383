#pragma once
// Causal multi-head self-attention with grouped-query heads.
//
// The CPU path is a fused kernel in the spirit of FlashAttention: for each (batch, head)
// it walks blocks of query rows, multiplies them with the keys up to the diagonal
// only, and keeps one log-sum-exp per row for the backward pass, which recomputes the
// probabilities. No (T x T) mask or attention matrix is ever stored, and q, k, v are
// read straight out of the packed projection output (no transposes or copies).
#include <torch/torch.h>

namespace lw::model {

// qkv: (B, T, (n_head + 2 * n_kv_head) * head_dim), packed as [q | k | v], heads
// contiguous inside each part. Returns (B, T, n_head * head_dim).
// Dropout on attention weights (training only) uses the reference path.
//
// positions (B, T) int64, optional: rows packed with several examples, each token's
// position inside its own example (0, 1, 2, 0, 1, ...). Token t then attends to keys
// [t - positions[t], t] only, so no example sees another; the fused kernel skips the
// keys of earlier examples, so its work per row follows the examples' lengths.
torch::Tensor causalSelfAttention(const torch::Tensor& qkv, int64_t nHead, int64_t nKvHead,
                                  double attentionDropout = 0.0, bool training = false,
                                  const torch::Tensor& positions = {});

// The textbook formulation (materialised scores and mask: causal, and within one
// example when positions are given), for tests and for devices and dtypes the fused
// kernel does not cover.
torch::Tensor causalSelfAttentionReference(const torch::Tensor& qkv, int64_t nHead, int64_t nKvHead,
                                           double attentionDropout = 0.0, bool training = false,
                                           const torch::Tensor& positions = {});

// Forward-only attention of new query rows against cached keys and values, for
// decoding. q: (B, Tq, n_head * hd) (any row stride, contiguous last dim); k, v:
// (B, Tk, n_kv_head * hd) with Tk >= Tq; query row r sits at position Tk - Tq + r and
// attends to keys 0..Tk-Tq+r. Returns (B, Tq, n_head * hd).
torch::Tensor cachedAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                              int64_t nHead, int64_t nKvHead);

} // namespace lw::model
