// The decode step's attention over cached keys and values (cached_attention_rows.h):
// against softmax(q k^T / sqrt(d)) v computed in double from the definition, on odd
// head sizes and counts, grouped kv heads, a cache row wider than its heads, one to 515
// cached positions and rows at different positions in one call; and the same bits
// whatever the heads per task (one head per task is the head-by-head walk the kernel
// replaced) and on 1 or 2 threads.
#include "core/generate/cached_attention_rows.h"
#include "test_registry.h"

#include <ATen/Parallel.h>
#include <QtTest>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

// Named, not anonymous: the folder's tests are compiled as unity units.
namespace cached_attention_test {

using lw::generate::kernels::CachedAttentionRow;

struct Problem {
    int64_t nHead, nKvHead, headDim, kvStride;
    std::vector<int64_t> keyCounts; // one query row per entry
    std::vector<float> q;
    std::vector<std::vector<float>> cacheKeys, cacheValues; // per row: its own cache

    Problem(int64_t heads, int64_t kvHeads, int64_t dim, int64_t padding, std::vector<int64_t> counts, uint32_t seed)
        : nHead(heads), nKvHead(kvHeads), headDim(dim), kvStride(kvHeads * dim + padding), keyCounts(std::move(counts))
    {
        std::mt19937 random(seed);
        std::normal_distribution<float> normal(0.0f, 1.0f);
        q.resize(keyCounts.size() * size_t(nHead * headDim));
        for (float& x : q)
            x = 2.0f * normal(random); // scores spread over several units: a real softmax
        for (int64_t count : keyCounts) {
            std::vector<float> k(size_t(count * kvStride)), v(size_t(count * kvStride));
            for (float& x : k)
                x = normal(random);
            for (float& x : v)
                x = normal(random);
            cacheKeys.push_back(std::move(k));
            cacheValues.push_back(std::move(v));
        }
    }

    std::vector<CachedAttentionRow> rows(std::vector<float>& out) const
    {
        out.assign(keyCounts.size() * size_t(nHead * headDim), std::nanf(""));
        std::vector<CachedAttentionRow> r;
        for (size_t i = 0; i < keyCounts.size(); ++i) {
            CachedAttentionRow row;
            row.q = q.data() + i * size_t(nHead * headDim);
            row.keys = cacheKeys[i].data();
            row.values = cacheValues[i].data();
            row.keyCount = keyCounts[i];
            row.out = out.data() + i * size_t(nHead * headDim);
            r.push_back(row);
        }
        return r;
    }

    // softmax(q k^T / sqrt(d)) v from the definition, in double.
    std::vector<double> reference() const
    {
        std::vector<double> out;
        const int64_t group = nHead / nKvHead;
        for (size_t i = 0; i < keyCounts.size(); ++i)
            for (int64_t h = 0; h < nHead; ++h) {
                const float* qh = q.data() + i * size_t(nHead * headDim) + size_t(h * headDim);
                const int64_t offset = (h / group) * headDim;
                std::vector<double> scores;
                double best = -INFINITY;
                for (int64_t t = 0; t < keyCounts[i]; ++t) {
                    double s = 0;
                    for (int64_t d = 0; d < headDim; ++d)
                        s += double(qh[d]) * double(cacheKeys[i][size_t(t * kvStride + offset + d)]);
                    scores.push_back(s / std::sqrt(double(headDim)));
                    best = std::max(best, scores.back());
                }
                double sum = 0;
                for (double& s : scores)
                    sum += (s = std::exp(s - best));
                for (int64_t d = 0; d < headDim; ++d) {
                    double o = 0;
                    for (int64_t t = 0; t < keyCounts[i]; ++t)
                        o += scores[size_t(t)] * double(cacheValues[i][size_t(t * kvStride + offset + d)]);
                    out.push_back(o / sum);
                }
            }
        return out;
    }
};

void addProblems()
{
    QTest::addColumn<int>("heads");
    QTest::addColumn<int>("kvHeads");
    QTest::addColumn<int>("headDim");
    QTest::addColumn<int>("padding");
    QTest::addColumn<QList<int>>("keyCounts");
    QTest::newRow("gpt2 shape, one row at 515") << 12 << 12 << 64 << 0 << QList<int>{515};
    QTest::newRow("one position") << 4 << 4 << 16 << 0 << QList<int>{1};
    QTest::newRow("odd head size, grouped kv, padded rows") << 6 << 2 << 13 << 5 << QList<int>{37, 1, 130};
    QTest::newRow("head size 7, 5 heads, tails") << 5 << 5 << 7 << 3 << QList<int>{9, 200, 17, 64};
    QTest::newRow("llama-like, 4 query heads per kv head") << 8 << 2 << 32 << 0 << QList<int>{300, 301};
}

} // namespace cached_attention_test

using namespace cached_attention_test;

class TestCachedAttentionRows : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { at::set_num_threads(2); }
    void matchesDefinition_data() { addProblems(); }
    void matchesDefinition();
    void everySplitGivesTheSameBits_data() { addProblems(); }
    void everySplitGivesTheSameBits();
};

void TestCachedAttentionRows::matchesDefinition()
{
    QFETCH(int, heads);
    QFETCH(int, kvHeads);
    QFETCH(int, headDim);
    QFETCH(int, padding);
    QFETCH(QList<int>, keyCounts);
    const Problem p(heads, kvHeads, headDim, padding, std::vector<int64_t>(keyCounts.begin(), keyCounts.end()), 7);
    std::vector<float> out;
    const std::vector<CachedAttentionRow> rows = p.rows(out);
    lw::generate::kernels::cachedAttentionRows(rows.data(), int64_t(rows.size()), p.nHead, p.nKvHead, p.headDim,
                                               p.kvStride);
    const std::vector<double> expected = p.reference();
    QCOMPARE(out.size(), expected.size());
    // Outputs are averages of unit normal values: float rounding of the exp, the sums
    // and the products stays far below 1e-5.
    double worst = 0;
    for (size_t i = 0; i < out.size(); ++i)
        worst = std::max(worst, std::fabs(double(out[i]) - expected[i])); // NaN (unwritten) fails below
    QVERIFY2(worst < 1e-5 && !std::isnan(worst), qPrintable(QString("largest difference %1").arg(worst)));
}

void TestCachedAttentionRows::everySplitGivesTheSameBits()
{
    QFETCH(int, heads);
    QFETCH(int, kvHeads);
    QFETCH(int, headDim);
    QFETCH(int, padding);
    QFETCH(QList<int>, keyCounts);
    const Problem p(heads, kvHeads, headDim, padding, std::vector<int64_t>(keyCounts.begin(), keyCounts.end()), 11);
    // One head per task on one thread: the head-by-head walk.
    at::set_num_threads(1);
    std::vector<float> byHead;
    std::vector<CachedAttentionRow> rows = p.rows(byHead);
    lw::generate::kernels::cachedAttentionRowsSplit(rows.data(), int64_t(rows.size()), p.nHead, p.nKvHead, p.headDim,
                                                    p.kvStride, 1);
    for (int threads : {1, 2}) {
        at::set_num_threads(threads);
        for (int perTask : {2, 3, heads, heads + 4}) {
            std::vector<float> out;
            rows = p.rows(out);
            lw::generate::kernels::cachedAttentionRowsSplit(rows.data(), int64_t(rows.size()), p.nHead, p.nKvHead,
                                                            p.headDim, p.kvStride, perTask);
            QVERIFY2(std::memcmp(out.data(), byHead.data(), out.size() * sizeof(float)) == 0,
                     qPrintable(QString("%1 heads per task, %2 threads").arg(perTask).arg(threads)));
        }
        std::vector<float> out;
        rows = p.rows(out);
        lw::generate::kernels::cachedAttentionRows(rows.data(), int64_t(rows.size()), p.nHead, p.nKvHead, p.headDim,
                                                   p.kvStride);
        QVERIFY2(std::memcmp(out.data(), byHead.data(), out.size() * sizeof(float)) == 0,
                 qPrintable(QString("automatic split, %1 threads").arg(threads)));
    }
}

LW_TEST_GUILESS_MAIN(TestCachedAttentionRows)
#include "test_cached_attention_rows.moc"
