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

// Row r of a block at query row0 sees keys [0, positionOffset + row0 + r].
int64_t visibleKeys(int64_t positionOffset, int64_t row)
{
    return positionOffset + row + 1;
}

} // namespace

void attentionForward(const AttentionShape& s, const AttentionBuffers& b)
{
    const int64_t hd = s.headDim, group = s.nHead / s.nKvHead;
    const int64_t tk = s.keyLength, ldKeys = roundUp16(tk);
    const int64_t positionOffset = s.keyLength - s.queryLength;
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
                const int64_t keys = visibleKeys(positionOffset, row0 + rows - 1); // keys the last row sees
                const float* qBlock = q + row0 * b.qRowStride;
                // (rows, keys) = scale * Q_blk (rows, hd) x K[0:keys]^T.
                if (packed) {
                    smallMatmul(rows, keys, hd, scale, {qBlock, b.qRowStride, 1}, keysT, ldKeys, scores, ldKeys, false);
                } else {
                    for (int64_t r = 0; r < rows; ++r)
                        for (int64_t t = 0; t < visibleKeys(positionOffset, row0 + r); ++t)
                            scores[r * ldKeys + t] = scale * vmath::dot(qBlock + r * b.qRowStride, k + t * b.kRowStride, hd);
                }
                for (int64_t r = 0; r < rows; ++r) {
                    const int64_t visible = visibleKeys(positionOffset, row0 + r);
                    float* row = scores + r * ldKeys;
                    const float maxScore = vmath::maxOf(row, visible);
                    const float sum = vmath::expShiftedSum(row, row, visible, maxScore);
                    vmath::scale(row, visible, 1.0f / sum);
                    std::memset(row + visible, 0, sizeof(float) * size_t(keys - visible));
                    if (lse)
                        lse[row0 + r] = maxScore + std::log(sum);
                }
                // O_blk (rows, hd) = P (rows, keys) x V[0:keys] (keys, hd).
                smallMatmul(rows, hd, keys, 1.0f, {scores, ldKeys, 1}, values, valueStride, out + row0 * b.outRowStride,
                            b.outRowStride, false);
            }
        }
    });
}

void attentionBackward(const AttentionShape& s, const AttentionBuffers& f, const AttentionGradBuffers& g)
{
    const int64_t hd = s.headDim, group = s.nHead / s.nKvHead;
    const int64_t tk = s.keyLength, ldKeys = roundUp16(tk);
    const int64_t positionOffset = s.keyLength - s.queryLength;
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
                    const int64_t keyCount = visibleKeys(positionOffset, row0 + rows - 1);
                    const float* qBlock = q + row0 * f.qRowStride;
                    const float* dOutBlock = dOut + row0 * g.gradOutRowStride;
                    // Recompute P = exp(S - lse) from the saved log-sum-exp.
                    smallMatmul(rows, keyCount, hd, scale, {qBlock, f.qRowStride, 1}, keysT, ldKeys, probs, ldKeys,
                                false);
                    for (int64_t r = 0; r < rows; ++r) {
                        const int64_t visible = visibleKeys(positionOffset, row0 + r);
                        float* pRow = probs + r * ldKeys;
                        vmath::expShifted(pRow, pRow, visible, lse[row0 + r]);
                        std::memset(pRow + visible, 0, sizeof(float) * size_t(keyCount - visible));
                        rowDot[r] = vmath::dot(dOutBlock + r * g.gradOutRowStride, out + (row0 + r) * f.outRowStride, hd);
                    }
                    // dV[0:keys] += P^T dO_blk.
                    smallMatmul(keyCount, hd, rows, 1.0f, {probs, 1, ldKeys}, dOutBlock, g.gradOutRowStride, dV, hd,
                                true);
                    // dP = dO_blk V[0:keys]^T, then dS = P o (dP - rowsum(dO o O)).
                    smallMatmul(rows, keyCount, hd, 1.0f, {dOutBlock, g.gradOutRowStride, 1}, valuesT, ldKeys, dScores,
                                ldKeys, false);
                    for (int64_t r = 0; r < rows; ++r) {
                        const int64_t visible = visibleKeys(positionOffset, row0 + r);
                        vmath::softmaxBackwardInPlace(dScores + r * ldKeys, probs + r * ldKeys, visible, rowDot[r]);
                        std::memset(dScores + r * ldKeys + visible, 0, sizeof(float) * size_t(keyCount - visible));
                    }
                    // dQ_blk = scale * dS K[0:keys];  dK[0:keys] += scale * dS^T Q_blk.
                    smallMatmul(rows, hd, keyCount, scale, {dScores, ldKeys, 1}, keys, hd, dQ + row0 * g.gradRowStride,
                                g.gradRowStride, false);
                    smallMatmul(keyCount, hd, rows, scale, {dScores, 1, ldKeys}, qBlock, f.qRowStride, dK, hd, true);
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
