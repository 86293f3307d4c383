// AWQ: the search's reported errors are the output errors recomputed here, plain
// rounding's and the chosen scales' (never above plain rounding's), and inputs with a
// few large channels get scales that beat plain rounding; on the tiny models of both
// families (given large activations in a few channels) the rescaled model computes the
// same function as before (scales folded into the norms, the value rows and Llama's up
// map), and rounding the rescaled model to Q4_0 moves the logits no more than rounding
// the original.
#include "core/gguf/ggml_types.h"
#include "core/model/linear_adapter.h"
#include "core/quant/awq.h"
#include "core/quant/block_grid.h"
#include "calibration_test_support.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;
using gguf::GgmlType;

namespace {

torch::Tensor awqRoundTrip(const torch::Tensor& w, GgmlType type)
{
    return quant::dequantizeBlocks(quant::roundToNearestBlocks(w, type), type, w.size(0), w.size(1));
}

// Every layer map replaced by its round-to-nearest values.
void roundLayerMaps(model::Transformer& m, GgmlType type)
{
    torch::NoGradGuard noGrad;
    for (const model::LinearSite& site : model::linearSites(*m))
        if (site.layer >= 0)
            site.weight.copy_(awqRoundTrip(site.weight, type));
}

// A few channels of every norm's output twenty times larger, as the outlier features
// AWQ protects.
model::Transformer modelWithOutlierChannels(const QString& family)
{
    model::Transformer m = test::calibrationTestModel(family);
    torch::NoGradGuard noGrad;
    for (int64_t i = 0; i < m->config().n_layer; ++i) {
        auto block = m->layers[i]->as<model::Block>();
        for (model::NormImpl* norm : {block->norm1.get(), block->norm2.get()})
            for (int64_t c : {3, 17, 40})
                norm->weight[c].mul_(20);
    }
    return m;
}

double logitError(model::Transformer& m, const torch::Tensor& windows, const torch::Tensor& reference)
{
    return (m->forward(windows) - reference).square().mean().item<double>();
}

} // namespace

class TestAwq : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void searchReportsTheOutputErrors()
    {
        torch::manual_seed(4);
        torch::Tensor x = test::correlatedInputs(256, 128);
        x.narrow(1, 10, 3).mul_(25); // large channels
        const torch::Tensor w1 = torch::randn({32, 128}) * 0.05, w2 = torch::randn({64, 128}) * 0.05;
        const auto r = quant::awqSearchScales(x, x.abs().mean(0), {w1, w2}, GgmlType::Q4_0, 20);
        const torch::Tensor w = torch::cat({w1, w2});
        const torch::Tensor reference = x.mm(w.t());
        const double plain = (x.mm(awqRoundTrip(w, GgmlType::Q4_0).t()) - reference).square().mean().item<double>();
        const torch::Tensor scaled = awqRoundTrip(w * r.scales.unsqueeze(0), GgmlType::Q4_0);
        const double chosen = ((x / r.scales.unsqueeze(0)).mm(scaled.t()) - reference).square().mean().item<double>();
        QVERIFY(std::abs(r.plainError - plain) <= 1e-4 * plain);
        QVERIFY(std::abs(r.error - chosen) <= 1e-4 * chosen);
        QVERIFY(r.ratio >= 0); // scales won on these inputs
        QVERIFY2(chosen < 0.9 * plain, (std::to_string(chosen) + " vs " + std::to_string(plain)).c_str());
    }

    void foldedModelComputesTheSameFunction_data()
    {
        QTest::addColumn<QString>("family");
        QTest::newRow("gpt2") << "gpt2";
        QTest::newRow("llama") << "llama";
    }

    void foldedModelComputesTheSameFunction()
    {
        QFETCH(QString, family);
        model::Transformer m = modelWithOutlierChannels(family);
        const torch::Tensor windows = test::calibrationTestWindows(8, 32, m->config().vocab_size);
        const torch::Tensor before = m->forward(windows).detach();
        quant::AwqSettings s;
        const auto reports = quant::awqTransformModel(*m, windows, s);
        // Three groups a layer. GPT-2: qkv, the attention output, up (its down follows a
        // GELU). Llama: qkv, gate with up, down (the tiny preset shares value heads, so
        // the attention output has no scale to fold).
        QCOMPARE(int64_t(reports.size()), m->config().n_layer * 3);
        int scaled = 0;
        for (const auto& r : reports) {
            QVERIFY(r.error <= r.plainError);
            scaled += r.ratio >= 0 ? 1 : 0;
        }
        QVERIFY(scaled > 0);
        QVERIFY(torch::allclose(m->forward(windows), before, 1e-3, 1e-4));

        model::Transformer plain = modelWithOutlierChannels(family);
        roundLayerMaps(plain, GgmlType::Q4_0);
        roundLayerMaps(m, GgmlType::Q4_0);
        const double awqError = logitError(m, windows, before), plainError = logitError(plain, windows, before);
        QVERIFY2(awqError <= plainError, (std::to_string(awqError) + " vs " + std::to_string(plainError)).c_str());
    }
};

LW_TEST_GUILESS_MAIN(TestAwq)
#include "test_awq.moc"
