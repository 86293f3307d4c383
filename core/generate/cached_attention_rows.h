#pragma once
// Attention of single query rows against the keys and values cached for their own
// sequence: the decode step's attention, where every row of a batch may sit at a
// different position. One task per row and range of heads, split across threads; a task
// walks the cached positions in order and reads its heads' part of each as one run (the
// cache keeps a position's heads side by side). The scores of a task live in a
// thread-local scratch buffer, so nothing is allocated per token.
#include <cstdint>

namespace lw::generate::kernels {

struct CachedAttentionRow {
    const float* q = nullptr;      // n_head * head_dim, heads contiguous
    const float* keys = nullptr;   // cache row t at keys + t * kvStride, kv heads contiguous
    const float* values = nullptr; // same layout as keys
    int64_t keyCount = 0;          // cached positions this row attends to (its own included)
    float* out = nullptr;          // n_head * head_dim
};

// out = softmax(q k^T / sqrt(head_dim)) v per head; query head h reads kv head
// h / (n_head / n_kv_head).
void cachedAttentionRows(const CachedAttentionRow* rows, int64_t count, int64_t nHead, int64_t nKvHead, int64_t headDim,
                         int64_t kvStride);

// The same with `headsPerTask` query heads per task (1 to nHead) instead of the
// fewest ranges that keep the threads busy. Every split gives the same bits (the tests
// hold the ranges to one head per task, the head-by-head walk).
void cachedAttentionRowsSplit(const CachedAttentionRow* rows, int64_t count, int64_t nHead, int64_t nKvHead,
                              int64_t headDim, int64_t kvStride, int64_t headsPerTask);

} // namespace lw::generate::kernels
