// Sample packing: several examples laid end to end in one row, with per-token positions
// that restart at 0 for each example. Every example must come out as if it ran alone:
// the fused attention kernel against the masked reference (and the reference against
// separate runs), whole models against separate runs (logits, loss, gradients), the
// checks on bad positions, and the speed the kernel gains by skipping other examples.
#include "core/model/causal_attention.h"
#include "core/model/kv_cache.h"
#include "core/model/transformer.h"
#include "core/util/error.h"
#include "tensor_test_support.h"
#include "test_registry.h"

#include <QElapsedTimer>
#include <QtTest>

#include <random>

using lw::model::ModelConfig;
using lw::model::Transformer;
using lw::test::maxAbsDiff;

namespace {

using Lengths = std::vector<int64_t>;

// (rows, sum of a row's lengths) int64: 0, 1, ..., n-1 for each example of n tokens.
torch::Tensor positionsOf(const std::vector<Lengths>& rows)
{
    std::vector<torch::Tensor> out;
    for (const Lengths& row : rows) {
        std::vector<torch::Tensor> parts;
        for (int64_t n : row)
            parts.push_back(torch::arange(n, torch::kLong));
        out.push_back(torch::cat(parts));
    }
    return torch::stack(out);
}

// Random example lengths in [1, maxLength] filling `total` tokens; the first ones are
// given (to place a length-1 example or one across a block boundary on purpose).
Lengths randomPacking(int64_t total, Lengths fixed, int64_t maxLength, uint32_t seed)
{
    std::mt19937 generator(seed);
    std::uniform_int_distribution<int64_t> length(1, maxLength);
    int64_t used = 0;
    for (int64_t n : fixed)
        used += n;
    while (used < total) {
        const int64_t n = std::min(length(generator), total - used);
        fixed.push_back(n);
        used += n;
    }
    return fixed;
}

// The attention of each example run alone (no positions), written back in its place.
torch::Tensor separateAttention(const torch::Tensor& qkv, const std::vector<Lengths>& rows, int64_t heads,
                                int64_t kvHeads)
{
    std::vector<torch::Tensor> out;
    for (size_t b = 0; b < rows.size(); ++b) {
        std::vector<torch::Tensor> parts;
        int64_t start = 0;
        for (int64_t n : rows[b]) {
            auto example = qkv.narrow(0, int64_t(b), 1).narrow(1, start, n);
            parts.push_back(lw::model::causalSelfAttentionReference(example, heads, kvHeads));
            start += n;
        }
        out.push_back(torch::cat(parts, 1));
    }
    return torch::cat(out, 0);
}

ModelConfig packingTestConfig(const QString& family)
{
    ModelConfig c = lw::model::presetConfig(family == "llama" ? "llama-tiny" : "tiny");
    c.vocab_size = 37;
    c.context_length = 80;
    c.d_model = 32;
    c.n_head = 4;
    c.dropout = 0.0;
    return c;
}

// The lw::Error message `run` throws, or an empty string when it throws none.
template <typename Function>
QString errorOf(Function run)
{
    try {
        run();
    } catch (const lw::Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// Best of `repeats` wall times, in milliseconds, of forward + backward of the fused attention.
double attentionMilliseconds(const torch::Tensor& base, const torch::Tensor& upstream, int64_t heads,
                             const torch::Tensor& positions, int repeats)
{
    double best = 1e30;
    for (int i = 0; i < repeats; ++i) {
        auto qkv = base.clone().requires_grad_(true);
        QElapsedTimer timer;
        timer.start();
        auto y = lw::model::causalSelfAttention(qkv, heads, heads, 0.0, false, positions);
        (y * upstream).sum().backward();
        best = std::min(best, double(timer.nsecsElapsed()) / 1e6);
    }
    return best;
}

} // namespace

class TestPackedSequences : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }
    void fusedKernelMatchesMaskedReference_data();
    void fusedKernelMatchesMaskedReference();
    void packedModelMatchesSeparateRuns_data();
    void packedModelMatchesSeparateRuns();
    void badPositionsAreRejected();
    void packingMakesAttentionFaster();
};

void TestPackedSequences::fusedKernelMatchesMaskedReference_data()
{
    QTest::addColumn<int>("length");
    QTest::addColumn<int>("kvHeads");
    QTest::addColumn<int>("headDim");
    // 150 is not a multiple of the kernel's query block; 12 rows take the kernel's
    // dot-product path instead of the packed-keys one.
    QTest::newRow("gqa, 150") << 150 << 2 << 16;
    QTest::newRow("mha, 150") << 150 << 4 << 16;
    QTest::newRow("mha, head size 64") << 150 << 4 << 64;
    QTest::newRow("gqa, 12 rows") << 12 << 2 << 8;
}

void TestPackedSequences::fusedKernelMatchesMaskedReference()
{
    QFETCH(int, length);
    QFETCH(int, kvHeads);
    QFETCH(int, headDim);
    const int heads = 4;
    // Row 0: a single-token example first, then one that runs across rows 32 and 64
    // (block boundaries of the kernel), then random lengths; row 1: random lengths.
    const std::vector<Lengths> rows = {
        randomPacking(length, length > 100 ? Lengths{1, 3, 70} : Lengths{1, 3}, 30, 11),
        randomPacking(length, {}, length > 100 ? 45 : 5, 12)};
    const torch::Tensor positions = positionsOf(rows);
    torch::manual_seed(21);
    const int64_t width = (heads + 2 * kvHeads) * headDim;
    auto base = torch::randn({2, length, width});
    auto upstream = torch::randn({2, length, heads * headDim});

    auto qkvFused = base.clone().requires_grad_(true);
    auto fused = lw::model::causalSelfAttention(qkvFused, heads, kvHeads, 0.0, false, positions);
    (fused * upstream).sum().backward();

    auto qkvRef = base.to(torch::kDouble).requires_grad_(true);
    auto ref = lw::model::causalSelfAttentionReference(qkvRef, heads, kvHeads, 0.0, false, positions);
    (ref * upstream.to(torch::kDouble)).sum().backward();

    // The masked reference itself against the plainest formulation: each example alone.
    auto qkvAlone = base.to(torch::kDouble).requires_grad_(true);
    auto alone = separateAttention(qkvAlone, rows, heads, kvHeads);
    (alone * upstream.to(torch::kDouble)).sum().backward();
    QVERIFY(maxAbsDiff(ref, alone) < 1e-12);
    QVERIFY(maxAbsDiff(qkvRef.grad(), qkvAlone.grad()) < 1e-12);

    const double forwardErr = maxAbsDiff(fused, ref);
    QVERIFY2(forwardErr < 1e-5, qPrintable(QString("forward differs by %1").arg(forwardErr)));
    const double gradErr = maxAbsDiff(qkvFused.grad(), qkvRef.grad());
    QVERIFY2(gradErr < 1e-5, qPrintable(QString("gradient differs by %1").arg(gradErr)));
    QVERIFY(qkvFused.grad().abs().sum().item<double>() > 0.0);

    // Without positions the same rows give other values: the packing is really used.
    auto unpacked = lw::model::causalSelfAttention(base, heads, kvHeads);
    QVERIFY(maxAbsDiff(unpacked, fused) > 1e-3);
}

void TestPackedSequences::packedModelMatchesSeparateRuns_data()
{
    QTest::addColumn<QString>("family");
    QTest::newRow("gpt2") << "gpt2";
    QTest::newRow("llama") << "llama";
}

void TestPackedSequences::packedModelMatchesSeparateRuns()
{
    QFETCH(QString, family);
    const ModelConfig c = packingTestConfig(family);
    Transformer model(c);
    model->initializeWeights(31);
    torch::manual_seed(32);
    const Lengths lengths = {30, 9, 38}; // 77 tokens, across two 32-row blocks
    std::vector<torch::Tensor> ids, targets;
    for (int64_t n : lengths) {
        ids.push_back(torch::randint(c.vocab_size, {1, n}, torch::kLong));
        auto t = torch::randint(c.vocab_size, {1, n}, torch::kLong);
        t[0][n - 1] = -1; // as packing does: no target across the boundary to the next example
        targets.push_back(t);
    }
    const torch::Tensor packedIds = torch::cat(ids, 1), packedTargets = torch::cat(targets, 1);
    const torch::Tensor positions = positionsOf({lengths});

    // Logits per token, packed against alone.
    {
        torch::NoGradGuard noGrad;
        auto packedLogits = model->logitsOf(model->hidden(packedIds, nullptr, positions));
        int64_t start = 0;
        for (size_t i = 0; i < lengths.size(); ++i) {
            auto alone = model->forward(ids[i]);
            const double diff = maxAbsDiff(packedLogits.narrow(1, start, lengths[i]), alone);
            QVERIFY2(diff < 1e-5, qPrintable(QString("example %1 differs by %2").arg(i).arg(diff)));
            start += lengths[i];
        }
        // Without positions the later examples see the earlier ones: the logits change.
        QVERIFY(maxAbsDiff(model->forward(packedIds).narrow(1, 30, 47), packedLogits.narrow(1, 30, 47)) > 1e-3);
    }

    // The packed loss is the mean over every counted target, so each example's own mean
    // loss enters with weight (its counted targets) / (all counted targets) = (n - 1) / 74.
    model->zero_grad();
    auto packedLoss = model->loss(packedIds, packedTargets, positions);
    packedLoss.backward();
    std::map<std::string, torch::Tensor> packedGrads;
    for (auto& item : model->named_parameters())
        packedGrads[item.key()] = item.value().grad().clone();

    model->zero_grad();
    double weightedLoss = 0.0;
    const double counted = double(30 - 1 + 9 - 1 + 38 - 1);
    for (size_t i = 0; i < lengths.size(); ++i) {
        auto loss = model->loss(ids[i], targets[i]) * (double(lengths[i] - 1) / counted);
        loss.backward();
        weightedLoss += loss.item<double>();
    }
    QVERIFY2(std::abs(packedLoss.item<double>() - weightedLoss) < 1e-5,
             qPrintable(QString("packed %1, weighted separate %2").arg(packedLoss.item<double>()).arg(weightedLoss)));
    for (auto& item : model->named_parameters()) {
        const double diff = maxAbsDiff(packedGrads[item.key()], item.value().grad());
        QVERIFY2(diff < 1e-5, qPrintable(QString::fromStdString(item.key()) + QString(" differs by %1").arg(diff)));
    }
}

void TestPackedSequences::badPositionsAreRejected()
{
    const ModelConfig c = packingTestConfig("llama");
    Transformer model(c);
    auto idx = torch::randint(c.vocab_size, {2, 6}, torch::kLong);
    auto good = positionsOf({{3, 3}, {6}});
    QVERIFY(errorOf([&] { model->hidden(idx, nullptr, good); }).isEmpty());

    const QString wrongShape = errorOf([&] { model->hidden(idx, nullptr, positionsOf({{3, 3}})); });
    QVERIFY2(wrongShape.startsWith("positions:") && wrongShape.contains("shape"), qPrintable(wrongShape));

    auto jump = good.clone();
    jump[1] = torch::tensor({0, 1, 0, 1, 3, 4}, torch::kLong); // 1 -> 3 skips a position
    const QString jumpError = errorOf([&] { model->hidden(idx, nullptr, jump); });
    QVERIFY2(jumpError.contains("positions[1][4] = 3") && jumpError.contains("previous"), qPrintable(jumpError));

    auto pastContext = torch::arange(c.context_length, torch::kLong).unsqueeze(0).clone();
    pastContext[0][40] = c.context_length; // and before it, a valid row of the full context
    const QString contextError =
        errorOf([&] { model->hidden(torch::zeros({1, c.context_length}, torch::kLong), nullptr, pastContext); });
    QVERIFY2(contextError.contains("positions[0][40] = 80") && contextError.contains("context"),
             qPrintable(contextError));

    auto beforeRow = good.clone();
    beforeRow[0][1] = 2; // token 1 cannot be the third of its example
    QVERIFY(errorOf([&] { model->hidden(idx, nullptr, beforeRow); }).contains("positions[0][1] = 2"));

    lw::model::KvCache cache(c, 2, c.context_length, torch::TensorOptions().dtype(torch::kFloat));
    QVERIFY(errorOf([&] { model->hidden(idx, &cache, good); }).contains("KV cache"));

    // The attention function guards its own memory accesses: a negative position.
    auto qkv = torch::randn({2, 6, 3 * 4 * 8});
    auto negative = good.clone();
    negative[0][0] = -1;
    QVERIFY(errorOf([&] { lw::model::causalSelfAttention(qkv, 4, 4, 0.0, false, negative); }).startsWith("positions:"));
}

void TestPackedSequences::packingMakesAttentionFaster()
{
    // Four rows of 1024 tokens, each row eight examples of 128: the fused kernel should
    // only multiply within each example (about 1/8 of the causal work).
    const int64_t batch = 4, length = 1024, heads = 8, headDim = 64;
    torch::manual_seed(41);
    auto base = torch::randn({batch, length, 3 * heads * headDim});
    auto upstream = torch::randn({batch, length, heads * headDim});
    const std::vector<Lengths> rows(size_t(batch), Lengths(8, 128));
    const torch::Tensor positions = positionsOf(rows);
    attentionMilliseconds(base, upstream, heads, positions, 1); // warm the scratch buffers
    const double whole = attentionMilliseconds(base, upstream, heads, {}, 3);
    const double packed = attentionMilliseconds(base, upstream, heads, positions, 3);
    // The floor: the same 32 examples as 32 rows of 128 (no packing needed at all).
    const double separate = attentionMilliseconds(base.reshape({batch * 8, 128, -1}),
                                                  upstream.reshape({batch * 8, 128, -1}), heads, {}, 3);
    qInfo("fused attention forward+backward, (4, 1024), 8 heads of 64, %d threads: one sequence per row %.1f ms, "
          "8 packed examples of 128 per row %.1f ms (%.1fx faster); the examples as separate rows of 128: %.1f ms",
          torch::get_num_threads(), whole, packed, whole / packed, separate);

    // What was timed is right: the last example of row 2 equals that example run alone.
    auto y = lw::model::causalSelfAttention(base, heads, heads, 0.0, false, positions);
    auto alone = lw::model::causalSelfAttention(base.narrow(0, 2, 1).narrow(1, 896, 128), heads, heads);
    QVERIFY(maxAbsDiff(y.narrow(0, 2, 1).narrow(1, 896, 128), alone) < 1e-6);
}

LW_TEST_GUILESS_MAIN(TestPackedSequences)
#include "test_packed_sequences.moc"
