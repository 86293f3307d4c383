#include "core/generate/cached_attention_rows.h"
#include "core/util/multiversion.h"

#include "core/model/vector_math.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <cmath>
#include <vector>


namespace lw::generate::kernels {

namespace {

LW_MULTIVERSION void scoresOf(const float* q, const float* keys, int64_t keyCount, int64_t headDim, int64_t kvStride,
                              float scale, float* scores)
{
    for (int64_t t = 0; t < keyCount; ++t) {
        const float* k = keys + t * kvStride;
        float s = 0;
#pragma omp simd reduction(+ : s)
        for (int64_t d = 0; d < headDim; ++d)
            s += q[d] * k[d];
        scores[t] = s * scale;
    }
}

LW_MULTIVERSION void weightedValues(const float* probs, const float* values, int64_t keyCount, int64_t headDim,
                                    int64_t kvStride, float normaliser, float* out)
{
    for (int64_t d = 0; d < headDim; ++d)
        out[d] = 0.0f;
    for (int64_t t = 0; t < keyCount; ++t) {
        const float p = probs[t];
        const float* v = values + t * kvStride;
#pragma omp simd
        for (int64_t d = 0; d < headDim; ++d)
            out[d] += p * v[d];
    }
#pragma omp simd
    for (int64_t d = 0; d < headDim; ++d)
        out[d] *= normaliser;
}

} // namespace

void cachedAttentionRows(const CachedAttentionRow* rows, int64_t count, int64_t nHead, int64_t nKvHead, int64_t headDim,
                         int64_t kvStride)
{
    const int64_t group = nHead / nKvHead;
    const float scale = 1.0f / std::sqrt(float(headDim));
    int64_t keysTotal = 0;
    for (int64_t i = 0; i < count; ++i)
        keysTotal += rows[i].keyCount;
    auto run = [&](int64_t begin, int64_t end) {
        thread_local std::vector<float> scores;
        for (int64_t task = begin; task < end; ++task) {
            const CachedAttentionRow& row = rows[task / nHead];
            const int64_t head = task % nHead, kvHead = head / group;
            if (int64_t(scores.size()) < row.keyCount)
                scores.resize(size_t(row.keyCount));
            const float* q = row.q + head * headDim;
            scoresOf(q, row.keys + kvHead * headDim, row.keyCount, headDim, kvStride, scale, scores.data());
            const float maxScore = model::vmath::maxOf(scores.data(), row.keyCount);
            const float sum = model::vmath::expShiftedSum(scores.data(), scores.data(), row.keyCount, maxScore);
            weightedValues(scores.data(), row.values + kvHead * headDim, row.keyCount, headDim, kvStride, 1.0f / sum,
                           row.out + head * headDim);
        }
    };
    // Short contexts are cheaper on one thread than the hand-off to the pool.
    const int64_t tasks = count * nHead;
    const int64_t work = keysTotal * nHead * headDim;
    if (work < (int64_t(1) << 15))
        run(0, tasks);
    else
        at::parallel_for(0, tasks, 1, run);
}

} // namespace lw::generate::kernels
