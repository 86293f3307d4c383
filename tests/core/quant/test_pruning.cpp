// Pruning: the row masks remove exactly floor(sparsity * inputs) weights of each row and
// exactly those of lowest score (checked by counting, per element, the lower scores in
// its row); 2:4 keeps the two highest of every four; on the tiny models magnitude and
// Wanda leave each row of every layer map with the requested count of zeros, and the
// first layer's maps lose exactly the weights a direct Wanda computation picks (norms
// of the inputs computed here from the embeddings); 2:4 gives the pattern everywhere;
// removing MLP channels gives a smaller model (d_ff shrinks) computing what the
// original computes with those channels masked (heads: test_head_removal.cpp); bad
// settings are refused.
#include "core/model/linear_adapter.h"
#include "core/quant/pruning.h"
#include "core/util/error.h"
#include "calibration_test_support.h"
#include "column_mask_adapter.h"
#include "test_registry.h"

#include <QtTest>

#include <cmath>

using namespace lw;
using quant::PruneMethod;

namespace {

// The number of entries of `row` (1-D) below entry j, ties broken by index, as a
// stable ascending order ranks them.
int64_t rankInRow(const torch::Tensor& row, int64_t j)
{
    const auto a = row.accessor<float, 1>();
    int64_t rank = 0;
    for (int64_t k = 0; k < row.size(0); ++k)
        if (a[k] < a[j] || (a[k] == a[j] && k < j))
            ++rank;
    return rank;
}

torch::Tensor clonedWeight(model::Transformer& m, const std::string& name)
{
    return m->named_parameters()[name].detach().clone();
}

void checkRowZeros(model::Transformer& m, double sparsity)
{
    for (const model::LinearSite& site : model::linearSites(*m)) {
        if (site.layer < 0)
            continue;
        const int64_t expected = int64_t(std::floor(sparsity * double(site.weight.size(1)) + 1e-9));
        const torch::Tensor zeros = site.weight.eq(0).sum(1);
        QVERIFY2(zeros.eq(expected).all().item<bool>(), site.name.c_str());
    }
}

model::Transformer prunedCopy(const QString& family, const quant::PruneSettings& s, quant::PruneReport& report,
                              const torch::Tensor& windows)
{
    return quant::pruneModel(test::calibrationTestModel(family), windows, s, report);
}

void addFamilies()
{
    QTest::addColumn<QString>("family");
    QTest::newRow("gpt2") << "gpt2";
    QTest::newRow("llama") << "llama";
}

} // namespace

class TestPruning : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rowMaskRemovesTheLowestScores_data()
    {
        QTest::addColumn<double>("sparsity");
        QTest::newRow("0.5") << 0.5;
        QTest::newRow("0.3") << 0.3;
        QTest::newRow("0") << 0.0;
    }

    void rowMaskRemovesTheLowestScores()
    {
        QFETCH(double, sparsity);
        torch::manual_seed(1);
        // Rounded so that ties occur and the order among equals is tested too.
        const torch::Tensor scores = (torch::rand({7, 40}) * 20).round();
        const torch::Tensor keep = quant::rowSparsityMask(scores, sparsity);
        const int64_t removed = int64_t(std::floor(sparsity * 40 + 1e-9));
        for (int64_t i = 0; i < 7; ++i)
            for (int64_t j = 0; j < 40; ++j)
                QCOMPARE(keep[i][j].item<bool>(), rankInRow(scores[i], j) >= removed);
    }

    void twoOfFourKeepsTheTwoHighest()
    {
        torch::manual_seed(2);
        const torch::Tensor scores = torch::rand({5, 32});
        const torch::Tensor keep = quant::twoOfFourMask(scores);
        for (int64_t i = 0; i < 5; ++i)
            for (int64_t g = 0; g < 8; ++g) {
                const torch::Tensor group = scores[i].narrow(0, 4 * g, 4).contiguous();
                for (int64_t k = 0; k < 4; ++k)
                    QCOMPARE(keep[i][4 * g + k].item<bool>(), rankInRow(group, k) >= 2);
            }
    }

    void magnitudeAndWandaGiveExactRowCounts_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("method");
        for (const char* family : {"gpt2", "llama"})
            for (const char* method : {"magnitude", "wanda"})
                QTest::newRow((std::string(family) + " " + method).c_str()) << family << method;
    }

    void magnitudeAndWandaGiveExactRowCounts()
    {
        QFETCH(QString, family);
        QFETCH(QString, method);
        quant::PruneSettings s;
        s.method = quant::pruneMethodFromName(method.toStdString());
        s.sparsity = 0.6;
        quant::PruneReport report;
        model::Transformer m = test::calibrationTestModel(family);
        const torch::Tensor windows = test::calibrationTestWindows(4, 24, m->config().vocab_size);
        m = quant::pruneModel(m, windows, s, report);
        checkRowZeros(m, 0.6);
        QVERIFY(std::abs(report.sparsity() - 0.6) < 0.01);
    }

    void wandaPicksTheWeightsOfLowestScore()
    {
        model::Transformer original = test::calibrationTestModel("gpt2");
        const torch::Tensor windows = test::calibrationTestWindows(4, 24, original->config().vocab_size);
        // The first layer's qkv input: norm1 of the embeddings.
        auto block = original->layers[0]->as<model::Block>();
        const torch::Tensor embedded =
            original->tokenEmbedding(windows) + original->positionEmbedding(torch::arange(24, torch::kLong));
        const torch::Tensor x = block->norm1(embedded).reshape({-1, 64}).detach().to(torch::kDouble);
        const torch::Tensor norms = x.square().sum(0).sqrt().to(torch::kFloat);
        const torch::Tensor w = clonedWeight(original, "h.0.attn.c_attn.weight");
        const torch::Tensor scores = w.abs() * norms.unsqueeze(0);

        quant::PruneSettings s;
        s.method = PruneMethod::Wanda;
        s.sparsity = 0.5;
        quant::PruneReport report;
        model::Transformer pruned = quant::pruneModel(original, windows, s, report);
        const torch::Tensor after = clonedWeight(pruned, "h.0.attn.c_attn.weight");
        for (int64_t i = 0; i < w.size(0); ++i)
            for (int64_t j = 0; j < w.size(1); ++j) {
                const bool kept = rankInRow(scores[i].contiguous(), j) >= 32;
                QCOMPARE(after[i][j].item<float>(), kept ? w[i][j].item<float>() : 0.0f);
            }
    }

    void twoOfFourPatternEverywhere_data() { addFamilies(); }

    void twoOfFourPatternEverywhere()
    {
        QFETCH(QString, family);
        quant::PruneSettings s;
        s.method = PruneMethod::SemiStructured;
        quant::PruneReport report;
        model::Transformer m = test::calibrationTestModel(family);
        m = quant::pruneModel(m, test::calibrationTestWindows(3, 16, m->config().vocab_size), s, report);
        for (const model::LinearSite& site : model::linearSites(*m))
            if (site.layer >= 0)
                QVERIFY(site.weight.eq(0).view({site.weight.size(0), -1, 4}).sum(2).eq(2).all().item<bool>());
        QCOMPARE(report.sparsity(), 0.5);
    }

    void removedChannelsGiveASmallerModel_data() { addFamilies(); }

    void removedChannelsGiveASmallerModel()
    {
        QFETCH(QString, family);
        model::Transformer masked = test::calibrationTestModel(family);
        const torch::Tensor windows = test::calibrationTestWindows(4, 20, masked->config().vocab_size);
        quant::PruneSettings s;
        s.method = PruneMethod::Channels;
        s.removeChannels = 32;
        quant::PruneReport report;
        model::Transformer pruned = prunedCopy(family, s, report, windows);
        const int64_t ff = masked->config().ffDim();
        QCOMPARE(pruned->config().ffDim(), ff - 32);
        QCOMPARE(pruned->config().parameterCount(),
                 masked->config().parameterCount() -
                     masked->config().n_layer * 32 * ((family == "llama" ? 3 : 2) * 64 + (family == "llama" ? 0 : 1)));
        for (int64_t i = 0; i < masked->config().n_layer; ++i)
            masked->layers[i]->as<model::Block>()->feedForward->downAdapter =
                std::make_shared<test::ColumnMaskAdapter>(test::keepMaskWithout(ff, report.removed[size_t(i)], 1));
        QVERIFY(torch::allclose(pruned->forward(windows), masked->forward(windows), 1e-4, 1e-5));
    }

    void refusesBadSettings()
    {
        const model::ModelConfig c = model::presetConfig("tiny");
        quant::PruneSettings s;
        s.sparsity = 1.0;
        QVERIFY_THROWS_EXCEPTION(Error, s.validate(c));
        s.method = PruneMethod::Heads;
        s.removeHeads = c.n_head;
        QVERIFY_THROWS_EXCEPTION(Error, s.validate(c));
        s.method = PruneMethod::Channels;
        s.removeChannels = 0;
        QVERIFY_THROWS_EXCEPTION(Error, s.validate(c));
        QVERIFY_THROWS_EXCEPTION(Error, quant::pruneMethodFromName("random"));
        // Wanda without calibration data.
        quant::PruneReport report;
        quant::PruneSettings wanda;
        QVERIFY_THROWS_EXCEPTION(Error, quant::pruneModel(test::calibrationTestModel("gpt2"), {}, wanda, report));
    }
};

LW_TEST_GUILESS_MAIN(TestPruning)
#include "test_pruning.moc"
