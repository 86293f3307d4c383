// The fused CPU kernels (causal attention, output projection + cross-entropy) against
// the textbook formulation, values and gradients, including grouped-query heads,
// lengths that are not multiples of the block size, and ignored targets.
#include "core/model/causal_attention.h"
#include "core/model/cross_entropy.h"
#include "tensor_test_support.h"
#include "test_registry.h"

#include <QtTest>

using lw::test::maxAbsDiff;

class TestAttentionKernels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }
    void attentionMatchesReference_data();
    void attentionMatchesReference();
    void attentionIsCausal();
    void attentionIsThreadCountIndependent();
    void cachedAttentionMatchesFullAttention();
    void crossEntropyMatchesReference_data();
    void crossEntropyMatchesReference();
    void crossEntropyGradientMatchesFiniteDifferences();
};

void TestAttentionKernels::attentionMatchesReference_data()
{
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("length");
    QTest::addColumn<int>("heads");
    QTest::addColumn<int>("kvHeads");
    QTest::addColumn<int>("headDim");
    QTest::newRow("mha, one block") << 2 << 37 << 4 << 4 << 16;
    QTest::newRow("mha, several blocks") << 2 << 200 << 3 << 3 << 32;
    QTest::newRow("gqa") << 3 << 130 << 8 << 2 << 8;
    QTest::newRow("mqa") << 1 << 65 << 4 << 1 << 16;
    QTest::newRow("single token") << 2 << 1 << 2 << 2 << 4;
    QTest::newRow("gpt2 head size") << 2 << 150 << 2 << 2 << 64;
    QTest::newRow("head size past one tile") << 1 << 70 << 2 << 1 << 80;
}

void TestAttentionKernels::attentionMatchesReference()
{
    QFETCH(int, batch);
    QFETCH(int, length);
    QFETCH(int, heads);
    QFETCH(int, kvHeads);
    QFETCH(int, headDim);
    torch::manual_seed(7);
    const int64_t width = (heads + 2 * kvHeads) * headDim;
    auto base = torch::randn({batch, length, width});
    auto upstream = torch::randn({batch, length, heads * headDim});

    auto qkvFused = base.clone().requires_grad_(true);
    auto fused = lw::model::causalSelfAttention(qkvFused, heads, kvHeads);
    (fused * upstream).sum().backward();

    auto qkvRef = base.to(torch::kDouble).requires_grad_(true);
    auto ref = lw::model::causalSelfAttentionReference(qkvRef, heads, kvHeads);
    (ref * upstream.to(torch::kDouble)).sum().backward();

    QVERIFY2(maxAbsDiff(fused.to(torch::kDouble), ref) < 1e-5, "forward differs");
    const double gradErr = maxAbsDiff(qkvFused.grad().to(torch::kDouble), qkvRef.grad());
    QVERIFY2(gradErr < 1e-4, qPrintable(QString("gradient differs by %1").arg(gradErr)));
    QVERIFY(qkvFused.grad().abs().sum().item<double>() > 0.0);
}

void TestAttentionKernels::attentionIsCausal()
{
    torch::manual_seed(3);
    const int heads = 2, hd = 8, t = 90;
    auto qkv = torch::randn({1, t, 3 * heads * hd});
    auto before = lw::model::causalSelfAttention(qkv, heads, heads);
    auto changed = qkv.clone();
    changed.narrow(1, 70, 1).normal_();
    auto after = lw::model::causalSelfAttention(changed, heads, heads);
    QCOMPARE(maxAbsDiff(before.narrow(1, 0, 70), after.narrow(1, 0, 70)), 0.0);
    QVERIFY(maxAbsDiff(before.narrow(1, 70, 20), after.narrow(1, 70, 20)) > 1e-3);
}

void TestAttentionKernels::attentionIsThreadCountIndependent()
{
    // Every (batch, head) is computed whole by one thread: values and gradients are
    // bit-identical whatever the thread count (resumed runs depend on it).
    torch::manual_seed(9);
    const int heads = 4, kvHeads = 2, hd = 32, t = 100;
    auto base = torch::randn({3, t, (heads + 2 * kvHeads) * hd});
    auto upstream = torch::randn({3, t, heads * hd});
    std::vector<torch::Tensor> outputs, grads;
    for (int threads : {1, 2, 3}) {
        torch::set_num_threads(threads);
        auto qkv = base.clone().requires_grad_(true);
        auto y = lw::model::causalSelfAttention(qkv, heads, kvHeads);
        (y * upstream).sum().backward();
        outputs.push_back(y.detach());
        grads.push_back(qkv.grad());
    }
    torch::set_num_threads(2);
    for (int i = 1; i < 3; ++i) {
        QVERIFY(torch::equal(outputs[0], outputs[size_t(i)]));
        QVERIFY(torch::equal(grads[0], grads[size_t(i)]));
    }
}

void TestAttentionKernels::cachedAttentionMatchesFullAttention()
{
    torch::manual_seed(5);
    const int heads = 4, kvHeads = 2, hd = 16, t = 75, newRows = 9;
    const int64_t c = heads * hd, kv = kvHeads * hd;
    auto qkv = torch::randn({2, t, c + 2 * kv});
    auto full = lw::model::causalSelfAttention(qkv, heads, kvHeads);
    auto q = qkv.narrow(2, 0, c).narrow(1, t - newRows, newRows);
    auto k = qkv.narrow(2, c, kv);
    auto v = qkv.narrow(2, c + kv, kv);
    auto cached = lw::model::cachedAttention(q, k, v, heads, kvHeads);
    QVERIFY(maxAbsDiff(cached, full.narrow(1, t - newRows, newRows)) < 1e-6);
}

void TestAttentionKernels::crossEntropyMatchesReference_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("vocab");
    QTest::addColumn<bool>("withIgnored");
    QTest::newRow("small") << 10 << 50 << false;
    QTest::newRow("several chunks") << 600 << 300 << false;
    QTest::newRow("ignored targets") << 300 << 97 << true;
}

void TestAttentionKernels::crossEntropyMatchesReference()
{
    QFETCH(int, rows);
    QFETCH(int, vocab);
    QFETCH(bool, withIgnored);
    torch::manual_seed(11);
    const int dim = 24;
    auto h = torch::randn({rows, dim});
    auto w = torch::randn({vocab, dim}) * 0.3;
    auto targets = torch::randint(vocab, {rows}, torch::kLong);
    if (withIgnored)
        targets.index_put_({torch::arange(0, rows, 3)}, -1);

    auto hf = h.clone().requires_grad_(true), wf = w.clone().requires_grad_(true);
    auto fused = lw::model::linearCrossEntropy(hf, wf, targets);
    (fused * 2.5).backward();
    auto hr = h.to(torch::kDouble).requires_grad_(true), wr = w.to(torch::kDouble).requires_grad_(true);
    auto ref = lw::model::linearCrossEntropyReference(hr, wr, targets);
    (ref * 2.5).backward();

    QVERIFY(std::abs(fused.item<double>() - ref.item<double>()) < 1e-5);
    QVERIFY(maxAbsDiff(hf.grad().to(torch::kDouble), hr.grad()) < 1e-5);
    QVERIFY(maxAbsDiff(wf.grad().to(torch::kDouble), wr.grad()) < 1e-5);
}

void TestAttentionKernels::crossEntropyGradientMatchesFiniteDifferences()
{
    // Central differences in double on the reference, compared with the fused float path.
    torch::manual_seed(13);
    auto h = torch::randn({7, 5}, torch::kDouble);
    auto w = torch::randn({11, 5}, torch::kDouble);
    auto targets = torch::randint(11, {7}, torch::kLong);
    auto hf = h.to(torch::kFloat).requires_grad_(true);
    lw::model::linearCrossEntropy(hf, w.to(torch::kFloat), targets).backward();
    const double eps = 1e-6;
    for (int i = 0; i < 7; ++i) {
        for (int j = 0; j < 5; ++j) {
            auto plus = h.clone(), minus = h.clone();
            plus[i][j] += eps;
            minus[i][j] -= eps;
            double numeric = (lw::model::linearCrossEntropyReference(plus, w, targets).item<double>() -
                              lw::model::linearCrossEntropyReference(minus, w, targets).item<double>()) /
                             (2 * eps);
            QVERIFY(std::abs(numeric - hf.grad()[i][j].item<double>()) < 1e-5);
        }
    }
}

LW_TEST_GUILESS_MAIN(TestAttentionKernels)
#include "test_attention_kernels.moc"
