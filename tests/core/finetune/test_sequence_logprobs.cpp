// Sequence log-probabilities, chunked over the counted rows, against the plain form
// (the full (B, T, V) log_softmax, gather, masked sum) in double: values and gradients
// for hidden and the output weight agree to rounding, whatever the chunk size and mask
// type; uncounted positions get no gradient and may hold any target id. On a real model
// the per-token mean equals the model's own fused cross-entropy; bad arguments are refused.
#include "core/finetune/sequence_logprobs.h"
#include "core/model/transformer.h"
#include "core/util/error.h"
#include "tensor_test_support.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;

namespace {

enum class MaskKind { Bool, Byte, Float, LastSequenceEmpty };

struct Batch {
    torch::Tensor hidden, weight, targets, mask;
};

// Random data in double; targets at uncounted positions are -100, which must never be read.
Batch randomBatch(int64_t b, int64_t t, int64_t c, int64_t v, MaskKind kind, bool weightTrainable, uint64_t seed)
{
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    auto options = torch::TensorOptions().dtype(torch::kDouble);
    Batch batch;
    batch.hidden = torch::randn({b, t, c}, gen, options).requires_grad_(true);
    batch.weight = torch::randn({v, c}, gen, options).requires_grad_(weightTrainable);
    auto counted = torch::rand({b, t}, gen, options) < 0.6;
    if (kind == MaskKind::LastSequenceEmpty)
        counted[b - 1].fill_(false);
    batch.targets = torch::randint(0, v, {b, t}, gen, torch::kLong).masked_fill(counted.logical_not(), -100);
    switch (kind) {
    case MaskKind::Bool:
    case MaskKind::LastSequenceEmpty: batch.mask = counted; break;
    case MaskKind::Byte: batch.mask = counted.to(torch::kUInt8); break;
    // Fractional values still count as 1.
    case MaskKind::Float: batch.mask = counted.to(torch::kFloat) * 0.25; break;
    }
    return batch;
}

// The plain form: sum over t of mask * log_softmax(h W^T)[target].
torch::Tensor referenceSums(const Batch& batch)
{
    auto counted = batch.mask.ne(0);
    auto logProbs = torch::log_softmax(torch::matmul(batch.hidden, batch.weight.t()), -1); // (B, T, V)
    auto picked = logProbs.gather(-1, batch.targets.clamp_min(0).unsqueeze(-1)).squeeze(-1);
    return (picked * counted.to(torch::kDouble)).sum(1);
}

QString errorOf(const std::function<void()>& call)
{
    try {
        call();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestSequenceLogProbs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesFullLogSoftmax_data();
    void matchesFullLogSoftmax();
    void bfloat16GivesFloatSumsAndBfloat16Gradients();
    void meanEqualsModelCrossEntropy();
    void badArgumentsAreRefused();
};

void TestSequenceLogProbs::matchesFullLogSoftmax_data()
{
    QTest::addColumn<int>("b");
    QTest::addColumn<int>("t");
    QTest::addColumn<int>("c");
    QTest::addColumn<int>("v");
    QTest::addColumn<int>("rowsPerChunk");
    QTest::addColumn<int>("maskKind");
    QTest::addColumn<bool>("weightTrainable");
    QTest::newRow("one chunk, bool mask") << 2 << 5 << 8 << 11 << 1024 << int(MaskKind::Bool) << true;
    QTest::newRow("chunks of 3 with a remainder, uint8 mask") << 3 << 7 << 6 << 13 << 3 << int(MaskKind::Byte) << true;
    QTest::newRow("chunks of 1, float mask") << 2 << 6 << 4 << 9 << 1 << int(MaskKind::Float) << true;
    QTest::newRow("a sequence with nothing counted") << 3 << 8 << 5 << 17 << 4 << int(MaskKind::LastSequenceEmpty)
                                                     << true;
    QTest::newRow("frozen output weight (adapters)") << 4 << 9 << 6 << 21 << 5 << int(MaskKind::Bool) << false;
    QTest::newRow("vocabulary larger than the rows") << 2 << 16 << 12 << 300 << 7 << int(MaskKind::Bool) << true;
}

void TestSequenceLogProbs::matchesFullLogSoftmax()
{
    QFETCH(int, b);
    QFETCH(int, t);
    QFETCH(int, c);
    QFETCH(int, v);
    QFETCH(int, rowsPerChunk);
    QFETCH(int, maskKind);
    QFETCH(bool, weightTrainable);
    const auto batch = randomBatch(b, t, c, v, MaskKind(maskKind), weightTrainable, 1000 + uint64_t(b * t * v));

    auto ours = finetune::sequenceLogProbs(batch.hidden, batch.weight, batch.targets, batch.mask, rowsPerChunk);
    auto expected = referenceSums(batch);
    QCOMPARE(ours.sum.scalar_type(), torch::kDouble);
    QCOMPARE(ours.sum.sizes().vec(), std::vector<int64_t>{b});
    QVERIFY2(test::maxAbsDiff(ours.sum, expected) < 1e-12, "sums differ from the full log_softmax");

    // Token counts, by a loop over the mask.
    QCOMPARE(ours.tokens.scalar_type(), torch::kLong);
    for (int i = 0; i < b; ++i) {
        int64_t count = 0;
        for (int j = 0; j < t; ++j)
            count += batch.mask[i][j].item<double>() != 0.0;
        QCOMPARE(ours.tokens[i].item<int64_t>(), count);
        if (MaskKind(maskKind) == MaskKind::LastSequenceEmpty && i == b - 1) {
            QCOMPARE(count, int64_t(0));
            QCOMPARE(ours.sum[i].item<double>(), 0.0);
        }
    }

    // Gradients under an uneven upstream gradient, as a loss weighting pairs differently.
    auto upstream = torch::linspace(-1.5, 2.0, b, torch::kDouble);
    auto oursGrads = torch::autograd::grad({(ours.sum * upstream).sum()}, {batch.hidden},
                                           {}, /*retain_graph=*/true);
    auto expectedGrads = torch::autograd::grad({(expected * upstream).sum()}, {batch.hidden}, {}, true);
    QVERIFY2(test::maxAbsDiff(oursGrads[0], expectedGrads[0]) < 1e-12, "hidden gradients differ");
    auto uncounted = batch.mask.eq(0).unsqueeze(-1).expand_as(oursGrads[0]);
    QCOMPARE(oursGrads[0].masked_select(uncounted).abs().max().item<double>(), 0.0);
    if (weightTrainable) {
        auto oursWeight = torch::autograd::grad({(ours.sum * upstream).sum()}, {batch.weight})[0];
        auto expectedWeight = torch::autograd::grad({(expected * upstream).sum()}, {batch.weight})[0];
        QVERIFY2(test::maxAbsDiff(oursWeight, expectedWeight) < 1e-12, "weight gradients differ");
    }
}

void TestSequenceLogProbs::bfloat16GivesFloatSumsAndBfloat16Gradients()
{
    const auto batch = randomBatch(2, 6, 8, 19, MaskKind::Bool, true, 77);
    auto hidden = batch.hidden.detach().to(torch::kBFloat16).requires_grad_(true);
    auto weight = batch.weight.detach().to(torch::kBFloat16).requires_grad_(true);
    auto ours = finetune::sequenceLogProbs(hidden, weight, batch.targets, batch.mask, 4);
    QCOMPARE(ours.sum.scalar_type(), torch::kFloat);
    // Against the plain form on the same (rounded) values in double: bf16 products round
    // to 8 bits of mantissa, so a few hundredths per token is what agreement means here.
    Batch rounded{hidden.detach().to(torch::kDouble).requires_grad_(true),
                  weight.detach().to(torch::kDouble).requires_grad_(true), batch.targets, batch.mask};
    auto expected = referenceSums(rounded);
    const double tolerance = 0.05 * double(ours.tokens.max().item<int64_t>());
    QVERIFY2(test::maxAbsDiff(ours.sum, expected) < tolerance, "bf16 sums stray from the double reference");

    // Gradients come back in bf16, within bf16's rounding of the double ones (each entry
    // is a sum over a few rows or vocabulary entries of terms below 1 in size).
    ours.sum.sum().backward();
    expected.sum().backward();
    QCOMPARE(hidden.grad().scalar_type(), torch::kBFloat16);
    QCOMPARE(weight.grad().scalar_type(), torch::kBFloat16);
    QVERIFY2(test::maxAbsDiff(hidden.grad(), rounded.hidden.grad()) < 0.05, "bf16 hidden gradient strays");
    QVERIFY2(test::maxAbsDiff(weight.grad(), rounded.weight.grad()) < 0.05, "bf16 weight gradient strays");
}

void TestSequenceLogProbs::meanEqualsModelCrossEntropy()
{
    // Every position counted except those with target -1, which the model's fused
    // cross-entropy ignores: -sum(log p)/tokens must be that loss.
    model::ModelConfig config;
    config.vocab_size = 37;
    config.context_length = 16;
    config.n_layer = 1;
    config.n_head = 2;
    config.d_model = 16;
    model::Transformer transformer(config);
    transformer->initializeWeights(5);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(9);
    auto idx = torch::randint(0, config.vocab_size, {3, 12}, gen, torch::kLong);
    auto targets = torch::randint(0, config.vocab_size, {3, 12}, gen, torch::kLong);
    targets.index_put_({1, torch::indexing::Slice(0, 5)}, -1);
    targets.index_put_({2, 11}, -1);

    auto ours = finetune::sequenceLogProbs(transformer->hidden(idx), transformer->outputWeight(), targets,
                                           targets.ge(0), 8);
    const double meanNll = -(ours.sum.sum() / ours.tokens.sum()).item<double>();
    const double modelLoss = transformer->loss(idx, targets).item<double>();
    QCOMPARE(ours.tokens.sum().item<int64_t>(), int64_t(3 * 12 - 6));
    QVERIFY2(std::abs(meanNll - modelLoss) < 1e-5 * modelLoss,
             qPrintable(QString("mean NLL %1, model loss %2").arg(meanNll, 0, 'g', 10).arg(modelLoss, 0, 'g', 10)));
}

void TestSequenceLogProbs::badArgumentsAreRefused()
{
    const auto batch = randomBatch(2, 5, 4, 7, MaskKind::Bool, true, 3);
    auto h = batch.hidden.detach(), w = batch.weight.detach();
    auto mask = torch::ones({2, 5}, torch::kBool);
    auto targets = batch.targets.clamp_min(0);
    auto call = [&](torch::Tensor hidden, torch::Tensor weight, torch::Tensor tgt, torch::Tensor m, int64_t chunk) {
        return errorOf([&] { finetune::sequenceLogProbs(hidden, weight, tgt, m, chunk); });
    };
    QVERIFY(call(h, w, targets, mask, 4).isEmpty());
    QVERIFY(call(h[0], w, targets, mask, 4).startsWith("hidden: "));
    QVERIFY(call(h, w.narrow(1, 0, 3), targets, mask, 4).startsWith("outputWeight: "));
    QVERIFY(call(h, w.to(torch::kFloat), targets, mask, 4).startsWith("outputWeight: "));
    QVERIFY(call(h, w, targets.narrow(1, 0, 4), mask, 4).startsWith("targets: "));
    QVERIFY(call(h, w, targets.to(torch::kDouble), mask, 4).startsWith("targets: "));
    QVERIFY(call(h, w, targets, mask.narrow(0, 0, 1), 4).startsWith("mask: "));
    QVERIFY(call(h, w, targets, mask, 0).startsWith("rowsPerChunk: "));

    auto outside = targets.clone();
    outside[1][3] = 7; // the vocabulary is 0..6
    QCOMPARE(call(h, w, outside, mask, 4),
             QString("targets: token id 7 at sequence 1, position 3 is outside the vocabulary of 7"));
    outside[1][3] = -1;
    QVERIFY(call(h, w, outside, mask, 4).contains("token id -1 at sequence 1, position 3"));
    // The same bad id where the mask is off is never read.
    auto skip = mask.clone();
    skip[1][3] = false;
    QVERIFY(call(h, w, outside, skip, 4).isEmpty());
}

LW_TEST_GUILESS_MAIN(TestSequenceLogProbs)
#include "test_sequence_logprobs.moc"
