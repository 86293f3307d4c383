#include "core/model/causal_attention_cpu.h"

#include "core/model/small_matmul.h"
#include "core/model/vector_math.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace lw::model::cpu {

namespace {

// Query rows per block. Each block multiplies with the keys up to its last row only, so
// the work above the diagonal is at most half a (32 x 32) tile per block (~12% at
// T = 256), while the blocks are still tall enough to reuse every loaded key 32 times.
constexpr int64_t kQueryBlock = 32;
// Below this many query rows (decoding a few tokens against a cache) the keys are not
// worth packing: scores come from dot products straight out of the cache.
constexpr int64_t kPackedMinRows = 16;

int64_t roundUp16(int64_t n)
{
    return (n + 15) / 16 * 16;
}

// A float buffer aligned to cache lines that only grows, one set per thread, so steady
// state attention allocates nothing.
class AlignedBuffer {
public:
    float* reserve(int64_t n)
    {
        if (n > m_capacity) {
            const size_t bytes = (size_t(n) * sizeof(float) + 63) / 64 * 64;
            m_data.reset(static_cast<float*>(std::aligned_alloc(64, bytes)));
            m_capacity = n;
        }
        return m_data.get();
    }

private:
    struct Free {
        void operator()(float* p) const { std::free(p); }
    };
    std::unique_ptr<float[], Free> m_data;
    int64_t m_capacity = 0;
};

struct Scratch {
    AlignedBuffer keysT, valuesT, keys, values, scores, gradScores, gradKeys, gradValues;
};

Scratch& threadScratch()
{
    thread_local Scratch scratch;
    return scratch;
}

// dst (rows x hd, contiguous) = src (rows x hd, row stride srcStride).
void packRows(const float* src, int64_t srcStride, int64_t rows, int64_t hd, float* dst)
{
    for (int64_t t = 0; t < rows; ++t)
        std::memcpy(dst + t * hd, src + t * srcStride, sizeof(float) * size_t(hd));
}

// The keys [begin, end) one query row attends to: from the start of its own example (0
// unless the row is packed) through its own position.
struct KeyRange {
    int64_t begin, end;
};

KeyRange visibleKeys(const AttentionShape& s, const int64_t* keyStart, int64_t batch, int64_t row)
{
    const int64_t end = s.keyLength - s.queryLength + row + 1;
    return {keyStart ? keyStart[batch * s.queryLength + row] : 0, end};
}

// The keys a block of query rows multiplies with: from the earliest start among its rows
// (rounded down to a 16-float boundary, so packed key rows stay cache-line aligned)
// through its last row. Keys before a packed block's first example are never touched,
// which makes the work per row proportional to its own example's length.
KeyRange blockKeys(const AttentionShape& s, const int64_t* keyStart, int64_t batch, int64_t row0, int64_t rows)
{
    int64_t begin = 0;
    if (keyStart) {
        const int64_t* starts = keyStart + batch * s.queryLength + row0;
        begin = *std::min_element(starts, starts + rows) / 16 * 16;
    }
    return {begin, visibleKeys(s, keyStart, batch, row0 + rows - 1).end};
}

// Zeroes the columns of a block row (covering keys `block`) that lie outside `row`.
void zeroOutside(float* blockRow, KeyRange block, KeyRange row)
{
    std::memset(blockRow, 0, sizeof(float) * size_t(row.begin - block.begin));
    std::memset(blockRow + (row.end - block.begin), 0, sizeof(float) * size_t(block.end - row.end));
}

} // namespace

void attentionForward(const AttentionShape& s, const AttentionBuffers& b)
{
    const int64_t hd = s.headDim, group = s.nHead / s.nKvHead;
    const int64_t tk = s.keyLength, ldKeys = roundUp16(tk);
    const bool packed = s.queryLength >= kPackedMinRows;
    const float scale = 1.0f / std::sqrt(float(hd));
    at::parallel_for(0, s.batch * s.nHead, 1, [&](int64_t begin, int64_t end) {
        Scratch& scratch = threadScratch();
        float* scores = scratch.scores.reserve(kQueryBlock * ldKeys);
        for (int64_t task = begin; task < end; ++task) {
            const int64_t batch = task / s.nHead, head = task % s.nHead, kvHead = head / group;
            const float* q = b.q + batch * b.qBatchStride + head * hd;
            const float* k = b.k + batch * b.kBatchStride + kvHead * hd;
            const float* v = b.v + batch * b.vBatchStride + kvHead * hd;
            float* out = b.out + batch * b.outBatchStride + head * hd;
            float* lse = b.logSumExp ? b.logSumExp + task * s.queryLength : nullptr;
            // Keys transposed (hd x Tk) and values contiguous (Tk x hd): both then feed
            // the micro-kernel with unit-stride, cache-line-aligned rows.
            const float* keysT = nullptr;
            const float* values = v;
            int64_t valueStride = b.vRowStride;
            if (packed) {
                float* kt = scratch.keysT.reserve(hd * ldKeys);
                transposeInto(k, b.kRowStride, tk, hd, kt, ldKeys);
                keysT = kt;
                float* vp = scratch.values.reserve(tk * hd);
                packRows(v, b.vRowStride, tk, hd, vp);
                values = vp;
                valueStride = hd;
            }
            for (int64_t row0 = 0; row0 < s.queryLength; row0 += kQueryBlock) {
                const int64_t rows = std::min(kQueryBlock, s.queryLength - row0);
                const KeyRange block = blockKeys(s, b.keyStart, batch, row0, rows);
                const int64_t keys = block.end - block.begin;
                const float* qBlock = q + row0 * b.qRowStride;
                // (rows, keys) = scale * Q_blk (rows, hd) x K[block]^T.
                if (packed) {
                    smallMatmul(rows, keys, hd, scale, {qBlock, b.qRowStride, 1}, keysT + block.begin, ldKeys, scores,
                                ldKeys, false);
                } else {
                    for (int64_t r = 0; r < rows; ++r) {
                        const KeyRange visible = visibleKeys(s, b.keyStart, batch, row0 + r);
                        for (int64_t t = visible.begin; t < visible.end; ++t)
                            scores[r * ldKeys + t - block.begin] =
                                scale * vmath::dot(qBlock + r * b.qRowStride, k + t * b.kRowStride, hd);
                    }
                }
                for (int64_t r = 0; r < rows; ++r) {
                    const KeyRange visible = visibleKeys(s, b.keyStart, batch, row0 + r);
                    float* row = scores + r * ldKeys;
                    float* live = row + (visible.begin - block.begin);
                    const int64_t count = visible.end - visible.begin;
                    const float maxScore = vmath::maxOf(live, count);
                    const float sum = vmath::expShiftedSum(live, live, count, maxScore);
                    vmath::scale(live, count, 1.0f / sum);
                    zeroOutside(row, block, visible);
                    if (lse)
                        lse[row0 + r] = maxScore + std::log(sum);
                }
                // O_blk (rows, hd) = P (rows, keys) x V[block] (keys, hd).
                smallMatmul(rows, hd, keys, 1.0f, {scores, ldKeys, 1}, values + block.begin * valueStride, valueStride,
                            out + row0 * b.outRowStride, b.outRowStride, false);
            }
        }
    });
}

void attentionBackward(const AttentionShape& s, const AttentionBuffers& f, const AttentionGradBuffers& g)
{
    const int64_t hd = s.headDim, group = s.nHead / s.nKvHead;
    const int64_t tk = s.keyLength, ldKeys = roundUp16(tk);
    const float scale = 1.0f / std::sqrt(float(hd));
    // One task per (batch, kv head): the query heads sharing a kv head accumulate into
    // the same dK/dV rows, so they run in sequence inside the task, in a fixed order
    // whatever the thread count.
    at::parallel_for(0, s.batch * s.nKvHead, 1, [&](int64_t begin, int64_t end) {
        Scratch& scratch = threadScratch();
        float* probs = scratch.scores.reserve(kQueryBlock * ldKeys);
        float* dScores = scratch.gradScores.reserve(kQueryBlock * ldKeys);
        float* keysT = scratch.keysT.reserve(hd * ldKeys);
        float* valuesT = scratch.valuesT.reserve(hd * ldKeys);
        float* keys = scratch.keys.reserve(tk * hd);
        float* dK = scratch.gradKeys.reserve(tk * hd);
        float* dV = scratch.gradValues.reserve(tk * hd);
        float rowDot[kQueryBlock];
        for (int64_t task = begin; task < end; ++task) {
            const int64_t batch = task / s.nKvHead, kvHead = task % s.nKvHead;
            const float* k = f.k + batch * f.kBatchStride + kvHead * hd;
            const float* v = f.v + batch * f.vBatchStride + kvHead * hd;
            transposeInto(k, f.kRowStride, tk, hd, keysT, ldKeys);
            transposeInto(v, f.vRowStride, tk, hd, valuesT, ldKeys);
            packRows(k, f.kRowStride, tk, hd, keys);
            std::memset(dK, 0, sizeof(float) * size_t(tk * hd));
            std::memset(dV, 0, sizeof(float) * size_t(tk * hd));
            for (int64_t head = kvHead * group; head < (kvHead + 1) * group; ++head) {
                const float* q = f.q + batch * f.qBatchStride + head * hd;
                const float* out = f.out + batch * f.outBatchStride + head * hd;
                const float* lse = f.logSumExp + (batch * s.nHead + head) * s.queryLength;
                const float* dOut = g.gradOut + batch * g.gradOutBatchStride + head * hd;
                float* dQ = g.gradQ + batch * g.gradBatchStride + head * hd;
                for (int64_t row0 = 0; row0 < s.queryLength; row0 += kQueryBlock) {
                    const int64_t rows = std::min(kQueryBlock, s.queryLength - row0);
                    const KeyRange block = blockKeys(s, f.keyStart, batch, row0, rows);
                    const int64_t keyCount = block.end - block.begin;
                    const float* qBlock = q + row0 * f.qRowStride;
                    const float* dOutBlock = dOut + row0 * g.gradOutRowStride;
                    // Recompute P = exp(S - lse) from the saved log-sum-exp.
                    smallMatmul(rows, keyCount, hd, scale, {qBlock, f.qRowStride, 1}, keysT + block.begin, ldKeys,
                                probs, ldKeys, false);
                    for (int64_t r = 0; r < rows; ++r) {
                        const KeyRange visible = visibleKeys(s, f.keyStart, batch, row0 + r);
                        float* pRow = probs + r * ldKeys;
                        float* live = pRow + (visible.begin - block.begin);
                        vmath::expShifted(live, live, visible.end - visible.begin, lse[row0 + r]);
                        zeroOutside(pRow, block, visible);
                        rowDot[r] = vmath::dot(dOutBlock + r * g.gradOutRowStride, out + (row0 + r) * f.outRowStride, hd);
                    }
                    // dV[block] += P^T dO_blk.
                    smallMatmul(keyCount, hd, rows, 1.0f, {probs, 1, ldKeys}, dOutBlock, g.gradOutRowStride,
                                dV + block.begin * hd, hd, true);
                    // dP = dO_blk V[block]^T, then dS = P o (dP - rowsum(dO o O)).
                    smallMatmul(rows, keyCount, hd, 1.0f, {dOutBlock, g.gradOutRowStride, 1}, valuesT + block.begin,
                                ldKeys, dScores, ldKeys, false);
                    for (int64_t r = 0; r < rows; ++r) {
                        const KeyRange visible = visibleKeys(s, f.keyStart, batch, row0 + r);
                        float* dRow = dScores + r * ldKeys;
                        const int64_t offset = visible.begin - block.begin;
                        vmath::softmaxBackwardInPlace(dRow + offset, probs + r * ldKeys + offset,
                                                      visible.end - visible.begin, rowDot[r]);
                        zeroOutside(dRow, block, visible);
                    }
                    // dQ_blk = scale * dS K[block];  dK[block] += scale * dS^T Q_blk.
                    smallMatmul(rows, hd, keyCount, scale, {dScores, ldKeys, 1}, keys + block.begin * hd, hd,
                                dQ + row0 * g.gradRowStride, g.gradRowStride, false);
                    smallMatmul(keyCount, hd, rows, scale, {dScores, 1, ldKeys}, qBlock, f.qRowStride,
                                dK + block.begin * hd, hd, true);
                }
            }
            float* dKOut = g.gradK + batch * g.gradBatchStride + kvHead * hd;
            float* dVOut = g.gradV + batch * g.gradBatchStride + kvHead * hd;
            for (int64_t t = 0; t < tk; ++t) {
                std::memcpy(dKOut + t * g.gradRowStride, dK + t * hd, sizeof(float) * size_t(hd));
                std::memcpy(dVOut + t * g.gradRowStride, dV + t * hd, sizeof(float) * size_t(hd));
            }
        }
    });
}

} // namespace lw::model::cpu
