#pragma once
// Raw fused attention kernels on float32 CPU buffers (see causal_attention.h).
#include <cstdint>

namespace lw::model::cpu {

// Strided views of one attention problem. Row strides are in floats; heads are
// contiguous blocks of head_dim floats inside a row.
struct AttentionShape {
    int64_t batch = 0, nHead = 0, nKvHead = 0, headDim = 0;
    int64_t queryLength = 0; // Tq
    int64_t keyLength = 0;   // Tk; query row r has position keyLength - queryLength + r
};

struct AttentionBuffers {
    const float* q = nullptr; int64_t qBatchStride = 0, qRowStride = 0;
    const float* k = nullptr; int64_t kBatchStride = 0, kRowStride = 0;
    const float* v = nullptr; int64_t vBatchStride = 0, vRowStride = 0;
    float* out = nullptr; int64_t outBatchStride = 0, outRowStride = 0;
    float* logSumExp = nullptr; // (batch, nHead, Tq), may be null when not training
    // Packed rows (several examples in one row): (batch x Tq), the first key query row r
    // may see, so it attends to keys [keyStart[r], its position]. Null means 0 for all.
    const int64_t* keyStart = nullptr;
};

void attentionForward(const AttentionShape& shape, const AttentionBuffers& buffers);

struct AttentionGradBuffers {
    const float* gradOut = nullptr; int64_t gradOutBatchStride = 0, gradOutRowStride = 0;
    float* gradQ = nullptr; float* gradK = nullptr; float* gradV = nullptr;
    int64_t gradBatchStride = 0, gradRowStride = 0; // same layout for dq, dk, dv
};

// Needs the forward's out and logSumExp. Writes every element of gradQ/gradK/gradV.
void attentionBackward(const AttentionShape& shape, const AttentionBuffers& forward, const AttentionGradBuffers& grads);

} // namespace lw::model::cpu
