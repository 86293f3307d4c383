#include "core/generate/cached_attention_rows.h"
#include "core/util/multiversion.h"

#include "core/model/vector_math.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>


namespace lw::generate::kernels {

namespace {

// One task: query heads [h0, h1) of one row. The cache holds a position's heads side by
// side (a row of kvStride floats), so the task walks the cached rows in order and reads
// its heads' part of each row as one contiguous run, rather than one head's 64 floats
// per row with a stride of the whole row (which left decoding waiting on memory).
// Every score and output element is computed exactly as a head-by-head loop computes
// it: the same dot product per (head, position), the same accumulation order over
// positions.
struct HeadRange {
    const float* q;
    const float* keys;
    const float* values;
    int64_t keyCount, h0, h1, group, headDim, kvStride;

    // The floats of a cached row the task reads: its kv heads, side by side.
    int64_t firstFloat() const { return h0 / group * headDim; }
    int64_t endFloat() const { return ((h1 - 1) / group + 1) * headDim; }
    // Cached rows read ahead of the one in use: about a page, since the hardware
    // prefetcher stops at each 4 KB page boundary.
    int64_t rowsAhead() const { return 1 + 4096 / (kvStride * int64_t(sizeof(float))); }
    void prefetchRow(const float* cache, int64_t t) const
    {
        if (t >= keyCount)
            return;
        const float* row = cache + t * kvStride;
        for (const float* p = row + firstFloat(); p < row + endFloat(); p += 64 / sizeof(float))
            __builtin_prefetch(p, 0, 3);
    }
};

// scores[(h - h0) * keyCount + t] = scale * q_h . k_t of kv head h / group.
LW_MULTIVERSION void headScores(const HeadRange& r, float scale, float* scores)
{
    const int64_t headDim = r.headDim;
    const int64_t ahead = r.rowsAhead();
    for (int64_t t = 0; t < r.keyCount; ++t) {
        r.prefetchRow(r.keys, t + ahead);
        const float* cached = r.keys + t * r.kvStride;
        // kv head h / group, counted rather than divided (a division per head and position showed in profiles)
        int64_t kvHead = r.h0 / r.group, inGroup = r.h0 % r.group;
        for (int64_t h = r.h0; h < r.h1; ++h) {
            const float* q = r.q + h * headDim;
            const float* k = cached + kvHead * headDim;
            float s = 0;
#pragma omp simd reduction(+ : s)
            for (int64_t d = 0; d < headDim; ++d)
                s += q[d] * k[d];
            scores[(h - r.h0) * r.keyCount + t] = s * scale;
            if (++inGroup == r.group) {
                inGroup = 0;
                ++kvHead;
            }
        }
    }
}

// out_h = normaliser_h * sum over t of probs_h[t] v_t, in the order of t.
LW_MULTIVERSION void headValues(const HeadRange& r, const float* probs, const float* normalisers, float* out)
{
    const int64_t headDim = r.headDim;
    float* first = out + r.h0 * headDim;
    for (int64_t i = 0; i < (r.h1 - r.h0) * headDim; ++i)
        first[i] = 0.0f;
    const int64_t ahead = r.rowsAhead();
    for (int64_t t = 0; t < r.keyCount; ++t) {
        r.prefetchRow(r.values, t + ahead);
        const float* cached = r.values + t * r.kvStride;
        int64_t kvHead = r.h0 / r.group, inGroup = r.h0 % r.group; // as in headScores
        for (int64_t h = r.h0; h < r.h1; ++h) {
            const float p = probs[(h - r.h0) * r.keyCount + t];
            const float* v = cached + kvHead * headDim;
            float* o = out + h * headDim;
#pragma omp simd
            for (int64_t d = 0; d < headDim; ++d)
                o[d] += p * v[d];
            if (++inGroup == r.group) {
                inGroup = 0;
                ++kvHead;
            }
        }
    }
    for (int64_t h = r.h0; h < r.h1; ++h) {
        float* o = out + h * headDim;
        const float normaliser = normalisers[h - r.h0];
#pragma omp simd
        for (int64_t d = 0; d < headDim; ++d)
            o[d] *= normaliser;
    }
}

int64_t keyWork(const CachedAttentionRow* rows, int64_t count, int64_t nHead, int64_t headDim)
{
    int64_t keysTotal = 0;
    for (int64_t i = 0; i < count; ++i)
        keysTotal += rows[i].keyCount;
    return keysTotal * nHead * headDim;
}

// Short contexts are cheaper on one thread than the hand-off to the pool.
bool worthThreads(const CachedAttentionRow* rows, int64_t count, int64_t nHead, int64_t headDim)
{
    return keyWork(rows, count, nHead, headDim) >= (int64_t(1) << 15) && at::get_num_threads() > 1;
}

} // namespace

void cachedAttentionRows(const CachedAttentionRow* rows, int64_t count, int64_t nHead, int64_t nKvHead, int64_t headDim,
                         int64_t kvStride)
{
    // As few head ranges per row as share the tasks evenly among the threads (whole
    // cache rows, one range, when the rows alone do), so each task reads long runs.
    const int64_t threads = worthThreads(rows, count, nHead, headDim) ? at::get_num_threads() : 1;
    const int64_t ranges = count >= 4 * threads ? 1 : std::min(nHead, threads / std::gcd(count, threads));
    cachedAttentionRowsSplit(rows, count, nHead, nKvHead, headDim, kvStride, (nHead + ranges - 1) / ranges);
}

void cachedAttentionRowsSplit(const CachedAttentionRow* rows, int64_t count, int64_t nHead, int64_t nKvHead,
                              int64_t headDim, int64_t kvStride, int64_t headsPerTask)
{
    const int64_t group = nHead / nKvHead;
    const float scale = 1.0f / std::sqrt(float(headDim));
    const int64_t headsPerRange = std::clamp<int64_t>(headsPerTask, 1, nHead);
    const int64_t rangesPerRow = (nHead + headsPerRange - 1) / headsPerRange;
    auto run = [&](int64_t begin, int64_t end) {
        thread_local std::vector<float> scores, normalisers;
        for (int64_t task = begin; task < end; ++task) {
            const CachedAttentionRow& row = rows[task / rangesPerRow];
            const int64_t h0 = task % rangesPerRow * headsPerRange;
            const HeadRange r{row.q, row.keys, row.values, row.keyCount, h0, std::min(nHead, h0 + headsPerRange),
                              group, headDim,  kvStride};
            const size_t heads = size_t(r.h1 - r.h0);
            if (scores.size() < heads * size_t(r.keyCount))
                scores.resize(heads * size_t(r.keyCount));
            if (normalisers.size() < heads)
                normalisers.resize(heads);
            headScores(r, scale, scores.data());
            for (size_t h = 0; h < heads; ++h) {
                float* s = scores.data() + h * size_t(r.keyCount);
                const float maxScore = model::vmath::maxOf(s, r.keyCount);
                normalisers[h] = 1.0f / model::vmath::expShiftedSum(s, s, r.keyCount, maxScore);
            }
            headValues(r, scores.data(), normalisers.data(), row.out);
        }
    };
    const int64_t tasks = count * rangesPerRow;
    if (worthThreads(rows, count, nHead, headDim))
        at::parallel_for(0, tasks, 1, run);
    else
        run(0, tasks);
}

} // namespace lw::generate::kernels
