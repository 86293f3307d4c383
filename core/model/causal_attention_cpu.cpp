#include "core/model/causal_attention_cpu.h"

#include "core/model/vector_math.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

extern "C" {
// From the system BLAS (OpenBLAS on Debian), the same library LibTorch multiplies with.
// Called from inside at::parallel_for, where OpenBLAS runs single-threaded.
enum CBLAS_ORDER { CblasRowMajor = 101 };
enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112 };
void cblas_sgemm(CBLAS_ORDER order, CBLAS_TRANSPOSE transA, CBLAS_TRANSPOSE transB, int m, int n, int k, float alpha,
                 const float* a, int lda, const float* b, int ldb, float beta, float* c, int ldc);
}

namespace lw::model::cpu {

namespace {

constexpr int64_t kQueryBlock = 64;

void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
          const float* b, int64_t ldb, float beta, float* c, int64_t ldc)
{
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, int(m), int(n),
                int(k), alpha, a, int(lda), b, int(ldb), beta, c, int(ldc));
}

// Scores for one block of query rows: one row-major (rows x keyLength) scratch matrix.
struct Scratch {
    std::vector<float> scores, probs;
    void reserve(int64_t n)
    {
        if (int64_t(scores.size()) < n) {
            scores.resize(n);
            probs.resize(n);
        }
    }
};

Scratch& threadScratch()
{
    thread_local Scratch scratch;
    return scratch;
}

} // namespace

void attentionForward(const AttentionShape& s, const AttentionBuffers& b)
{
    const int64_t hd = s.headDim, group = s.nHead / s.nKvHead;
    const int64_t positionOffset = s.keyLength - s.queryLength;
    const float scale = 1.0f / std::sqrt(float(hd));
    at::parallel_for(0, s.batch * s.nHead, 1, [&](int64_t begin, int64_t end) {
        Scratch& scratch = threadScratch();
        for (int64_t task = begin; task < end; ++task) {
            const int64_t batch = task / s.nHead, head = task % s.nHead, kvHead = head / group;
            const float* q = b.q + batch * b.qBatchStride + head * hd;
            const float* k = b.k + batch * b.kBatchStride + kvHead * hd;
            const float* v = b.v + batch * b.vBatchStride + kvHead * hd;
            float* out = b.out + batch * b.outBatchStride + head * hd;
            float* lse = b.logSumExp ? b.logSumExp + task * s.queryLength : nullptr;
            for (int64_t row0 = 0; row0 < s.queryLength; row0 += kQueryBlock) {
                const int64_t rows = std::min(kQueryBlock, s.queryLength - row0);
                const int64_t keys = positionOffset + row0 + rows; // keys visible to the last row
                scratch.reserve(rows * keys);
                float* scores = scratch.scores.data();
                float* probs = scratch.probs.data();
                // (rows, keys) = Q_blk (rows, hd) x K[0:keys]^T, scaled.
                gemm(false, true, rows, keys, hd, scale, q + row0 * b.qRowStride, b.qRowStride, k, b.kRowStride, 0.0f,
                     scores, keys);
                for (int64_t r = 0; r < rows; ++r) {
                    const int64_t visible = positionOffset + row0 + r + 1;
                    float* sRow = scores + r * keys;
                    float* pRow = probs + r * keys;
                    const float maxScore = vmath::maxOf(sRow, visible);
                    const float sum = vmath::expShiftedSum(sRow, pRow, visible, maxScore);
                    vmath::scale(pRow, visible, 1.0f / sum);
                    std::memset(pRow + visible, 0, sizeof(float) * size_t(keys - visible));
                    if (lse)
                        lse[row0 + r] = maxScore + std::log(sum);
                }
                // O_blk (rows, hd) = P (rows, keys) x V[0:keys] (keys, hd).
                gemm(false, false, rows, hd, keys, 1.0f, probs, keys, v, b.vRowStride, 0.0f,
                     out + row0 * b.outRowStride, b.outRowStride);
            }
        }
    });
}

void attentionBackward(const AttentionShape& s, const AttentionBuffers& f, const AttentionGradBuffers& g)
{
    const int64_t hd = s.headDim, group = s.nHead / s.nKvHead;
    const int64_t positionOffset = s.keyLength - s.queryLength;
    const float scale = 1.0f / std::sqrt(float(hd));
    // One task per (batch, kv head): the query heads sharing a kv head accumulate into
    // the same dK/dV rows, so they run in sequence inside the task.
    at::parallel_for(0, s.batch * s.nKvHead, 1, [&](int64_t begin, int64_t end) {
        Scratch& scratch = threadScratch();
        std::vector<float> rowDot(size_t(std::min(kQueryBlock, s.queryLength)));
        for (int64_t task = begin; task < end; ++task) {
            const int64_t batch = task / s.nKvHead, kvHead = task % s.nKvHead;
            const float* k = f.k + batch * f.kBatchStride + kvHead * hd;
            const float* v = f.v + batch * f.vBatchStride + kvHead * hd;
            float* dk = g.gradK + batch * g.gradBatchStride + kvHead * hd;
            float* dv = g.gradV + batch * g.gradBatchStride + kvHead * hd;
            for (int64_t t = 0; t < s.keyLength; ++t) {
                std::memset(dk + t * g.gradRowStride, 0, sizeof(float) * size_t(hd));
                std::memset(dv + t * g.gradRowStride, 0, sizeof(float) * size_t(hd));
            }
            for (int64_t head = kvHead * group; head < (kvHead + 1) * group; ++head) {
                const float* q = f.q + batch * f.qBatchStride + head * hd;
                const float* out = f.out + batch * f.outBatchStride + head * hd;
                const float* lse = f.logSumExp + (batch * s.nHead + head) * s.queryLength;
                const float* dout = g.gradOut + batch * g.gradOutBatchStride + head * hd;
                float* dq = g.gradQ + batch * g.gradBatchStride + head * hd;
                for (int64_t row0 = 0; row0 < s.queryLength; row0 += kQueryBlock) {
                    const int64_t rows = std::min(kQueryBlock, s.queryLength - row0);
                    const int64_t keys = positionOffset + row0 + rows;
                    scratch.reserve(rows * keys);
                    float* probs = scratch.probs.data();
                    float* dscores = scratch.scores.data();
                    const float* qBlk = q + row0 * f.qRowStride;
                    const float* doBlk = dout + row0 * g.gradOutRowStride;
                    // Recompute P = exp(S - lse) from the saved log-sum-exp.
                    gemm(false, true, rows, keys, hd, scale, qBlk, f.qRowStride, k, f.kRowStride, 0.0f, probs, keys);
                    for (int64_t r = 0; r < rows; ++r) {
                        const int64_t visible = positionOffset + row0 + r + 1;
                        float* pRow = probs + r * keys;
                        vmath::expShifted(pRow, pRow, visible, lse[row0 + r]);
                        std::memset(pRow + visible, 0, sizeof(float) * size_t(keys - visible));
                        rowDot[size_t(r)] = vmath::dot(doBlk + r * g.gradOutRowStride,
                                                       out + (row0 + r) * f.outRowStride, hd);
                    }
                    // dV[0:keys] += P^T dO_blk.
                    gemm(true, false, keys, hd, rows, 1.0f, probs, keys, doBlk, g.gradOutRowStride, 1.0f, dv,
                         g.gradRowStride);
                    // dP = dO_blk V[0:keys]^T, then dS = P o (dP - rowsum(dO o O)).
                    gemm(false, true, rows, keys, hd, 1.0f, doBlk, g.gradOutRowStride, v, f.vRowStride, 0.0f, dscores,
                         keys);
                    for (int64_t r = 0; r < rows; ++r) {
                        const int64_t visible = positionOffset + row0 + r + 1;
                        vmath::softmaxBackwardInPlace(dscores + r * keys, probs + r * keys, visible, rowDot[size_t(r)]);
                        std::memset(dscores + r * keys + visible, 0, sizeof(float) * size_t(keys - visible));
                    }
                    // dQ_blk = scale * dS K[0:keys];  dK[0:keys] += scale * dS^T Q_blk.
                    gemm(false, false, rows, hd, keys, scale, dscores, keys, k, f.kRowStride, 0.0f,
                         dq + row0 * g.gradRowStride, g.gradRowStride);
                    gemm(true, false, keys, hd, rows, scale, dscores, keys, qBlk, f.qRowStride, 1.0f, dk,
                         g.gradRowStride);
                }
            }
        }
    });
}

} // namespace lw::model::cpu
