// DARE's random drop: no other library draws the same masks, so the masks are checked
// for what they must be (the kept share within five standard deviations of the density,
// everywhere in the tensor; a function of seed, tensor name and model alone), and the
// merge for what it does with them (dropped entries give the base, kept ones the delta
// times the L1 rescale factor, computed here by a plain loop).
#include "core/merge/merge_tensor.h"
#include "core/merge/sparsify.h"
#include "merge_test_support.h"
#include "test_registry.h"

#include <QtTest>

#include <cmath>

using namespace lw;

namespace {

// |share - density| within five standard deviations of a binomial share over n draws.
bool shareIsPlausible(int64_t kept, int64_t n, double density)
{
    const double share = static_cast<double>(kept) / static_cast<double>(n);
    const double sigma = std::sqrt(density * (1 - density) / static_cast<double>(n));
    return std::abs(share - density) <= 5 * sigma;
}

// A base and a model fine-tuned from it (independent deltas of the given scale).
std::pair<torch::Tensor, torch::Tensor> baseAndTuned(std::vector<int64_t> shape, uint64_t seed, double scale)
{
    torch::Tensor base = lw::test::randomTensor(shape, seed);
    return {base, base + lw::test::randomTensor(shape, seed + 1, scale)};
}

} // namespace

class TestMergeDare : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keptShareMatchesDensity_data();
    void keptShareMatchesDensity();
    void maskDependsOnSeedNameAndModelOnly();
    void keptEntriesAreRescaledByTheL1Ratio();
    void withoutRescaleKeptEntriesAreTheModel();
};

void TestMergeDare::keptShareMatchesDensity_data()
{
    QTest::addColumn<double>("density");
    for (double d : {0.05, 0.3, 0.5, 0.9, 0.999})
        QTest::newRow(qPrintable(QString::number(d))) << d;
}

void TestMergeDare::keptShareMatchesDensity()
{
    QFETCH(double, density);
    const int64_t n = 400000;
    torch::Tensor keep = merge::randomKeepMask(17, "model.layers.3.self_attn.q_proj.weight", 0, n, density);
    QCOMPARE(keep.scalar_type(), torch::kBool);
    QCOMPARE(keep.numel(), n);
    QVERIFY(shareIsPlausible(keep.sum().item<int64_t>(), n, density));
    // Every quarter too: the stream has no drift along the tensor.
    for (int64_t q = 0; q < 4; ++q)
        QVERIFY(shareIsPlausible(keep.narrow(0, q * n / 4, n / 4).sum().item<int64_t>(), n / 4, density));
}

void TestMergeDare::maskDependsOnSeedNameAndModelOnly()
{
    const int64_t n = 300000;
    const std::string name = "blk.0.ffn_up.weight";
    const int threads = torch::get_num_threads();
    torch::set_num_threads(1);
    torch::Tensor single = merge::randomKeepMask(5, name, 1, n, 0.4);
    torch::set_num_threads(4);
    torch::Tensor several = merge::randomKeepMask(5, name, 1, n, 0.4);
    torch::set_num_threads(threads);
    QVERIFY(torch::equal(single, several));
    QVERIFY(torch::equal(single, merge::randomKeepMask(5, name, 1, n, 0.4)));

    // A prefix of a longer mask is the shorter mask: the draw of entry i is a function of i.
    QVERIFY(torch::equal(merge::randomKeepMask(5, name, 1, 1000, 0.4), single.narrow(0, 0, 1000)));

    // Another seed, tensor or model gives an independent mask: about density^2 + (1 -
    // density)^2 = 0.52 of the entries agree, far from all of them.
    for (const torch::Tensor& other :
         {merge::randomKeepMask(6, name, 1, n, 0.4), merge::randomKeepMask(5, name + "x", 1, n, 0.4),
          merge::randomKeepMask(5, name, 2, n, 0.4)}) {
        const int64_t agree = (other == single).sum().item<int64_t>();
        QVERIFY2(shareIsPlausible(agree, n, 0.52), qPrintable(QString::number(agree)));
    }
}

void TestMergeDare::keptEntriesAreRescaledByTheL1Ratio()
{
    const auto [base, model] = baseAndTuned({200, 150}, 41, 0.02);
    merge::MergeOptions options;
    options.method = "dare_linear";
    options.seed = 2024;
    const double density = 0.3;
    torch::Tensor merged = merge::mergeTensor("layer.w", {model}, &base, options, {{1.0, density}});

    // The factor by a plain loop: sum |delta| over all entries / over the kept ones, where
    // an entry is kept when the merge moved it off the base.
    const std::vector<double> b = lw::test::flatValues(base), m = lw::test::flatValues(model),
                              out = lw::test::flatValues(merged);
    double all = 0, kept = 0;
    int64_t keptCount = 0;
    for (size_t i = 0; i < b.size(); ++i) {
        all += std::abs(m[i] - b[i]);
        if (out[i] != b[i]) {
            kept += std::abs(m[i] - b[i]);
            ++keptCount;
        }
    }
    QVERIFY(shareIsPlausible(keptCount, static_cast<int64_t>(b.size()), density));
    const double factor = all / kept;
    QVERIFY(factor > 2.5 && factor < 4.0); // about 1 / density
    for (size_t i = 0; i < b.size(); ++i) {
        if (out[i] == b[i])
            continue;
        // One float32 rounding of base + factor * delta.
        const double expected = static_cast<float>(b[i] + factor * (m[i] - b[i]));
        QVERIFY2(std::abs(out[i] - expected) <= 1e-6 * std::abs(expected),
                 qPrintable(QString("entry %1: %2 vs %3").arg(i).arg(out[i]).arg(expected)));
    }
}

void TestMergeDare::withoutRescaleKeptEntriesAreTheModel()
{
    const auto [base, model] = baseAndTuned({64, 64}, 51, 0.5);
    merge::MergeOptions options;
    options.method = "dare_ties";
    options.rescale = false;
    options.seed = 3;
    torch::Tensor merged = merge::mergeTensor("w", {model}, &base, options, {{1.0, 0.5}});
    torch::Tensor keep = merge::randomKeepMask(3, "w", 0, model.numel(), 0.5).view({64, 64});
    // One model: every kept delta agrees with the elected sign, so kept entries are the
    // model's and dropped ones the base's, exactly.
    QVERIFY(torch::equal(merged, torch::where(keep, model, base)));
}

LW_TEST_GUILESS_MAIN(TestMergeDare)
#include "test_merge_dare.moc"
