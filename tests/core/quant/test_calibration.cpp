// The calibration walk's statistics equal the plain formulas on the inputs each map
// really receives: here those inputs are caught by an adapter of the test's own on a
// whole-model forward pass (the walk's steps change nothing, so every layer sees the
// original model's inputs), and the Hessian 2/n X^T X, the per-column sums of |x| and
// x^2, the count and the kept samples are computed from them directly in double
// precision. Both families, with a last micro-batch shorter than the others.
#include "core/model/linear_adapter.h"
#include "core/quant/calibration.h"
#include "core/quant/input_sums.h"
#include "calibration_test_support.h"
#include "test_registry.h"

#include <QtTest>

#include <map>

using namespace lw;

namespace {

// Keeps every input of the map it is attached to and computes the map unchanged.
class InputCatcher : public model::LinearAdapter {
public:
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) override
    {
        inputs.push_back(x.reshape({-1, x.size(-1)}).to(torch::kDouble));
        return torch::nn::functional::linear(x, weight, bias);
    }
    torch::Tensor mergedWeight(const torch::Tensor& weight) const override { return weight; }

    std::vector<torch::Tensor> inputs;
};

// Each layer map's inputs (n, in) over `windows`, from one forward pass of the model.
std::map<std::string, torch::Tensor> caughtLayerInputs(model::Transformer& m, const torch::Tensor& windows)
{
    std::map<std::string, std::shared_ptr<InputCatcher>> catchers;
    for (const model::LinearSite& site : model::linearSites(*m))
        if (site.layer >= 0) {
            catchers[site.name] = std::make_shared<InputCatcher>();
            *site.slot = catchers[site.name];
        }
    {
        torch::NoGradGuard noGrad;
        m->forward(windows);
    }
    std::map<std::string, torch::Tensor> inputs;
    for (const model::LinearSite& site : model::linearSites(*m))
        if (site.layer >= 0) {
            inputs[site.name] = torch::cat(catchers[site.name]->inputs);
            *site.slot = nullptr;
        }
    return inputs;
}

double statisticsDifference(const torch::Tensor& got, const torch::Tensor& expected)
{
    return (got.to(torch::kDouble) - expected).abs().max().item<double>() /
           std::max(expected.abs().max().item<double>(), 1e-30);
}

} // namespace

class TestCalibration : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void statisticsAreThoseOfTheMapsInputs_data()
    {
        QTest::addColumn<QString>("family");
        QTest::newRow("gpt2") << "gpt2";
        QTest::newRow("llama") << "llama";
    }

    void statisticsAreThoseOfTheMapsInputs()
    {
        QFETCH(QString, family);
        model::Transformer m = test::calibrationTestModel(family);
        const torch::Tensor windows = test::calibrationTestWindows(7, 24, m->config().vocab_size);
        const std::map<std::string, torch::Tensor> inputs = caughtLayerInputs(m, windows);

        quant::StatisticsRequest request;
        request.hessian = true;
        request.keepSamples = 50;
        request.microBatch = 3; // micro-batches of 3, 3 and 1 windows
        int64_t checkedMaps = 0;
        quant::calibrateLayerByLayer(*m, windows, request,
                                     [&](int64_t, const std::vector<model::LinearSite>& sites,
                                         std::vector<quant::InputStatistics>& stats) {
                                         for (size_t k = 0; k < sites.size(); ++k) {
                                             const torch::Tensor& x = inputs.at(sites[k].name);
                                             const quant::InputStatistics& s = stats[k];
                                             const int64_t n = x.size(0);
                                             QCOMPARE(s.count, n);
                                             const torch::Tensor h = x.t().mm(x) * (2.0 / double(n));
                                             QVERIFY(statisticsDifference(s.hessian, h) < 1e-5);
                                             QVERIFY(torch::equal(s.hessian, s.hessian.t()));
                                             QVERIFY(statisticsDifference(s.absSum, x.abs().sum(0)) < 1e-5);
                                             QVERIFY(statisticsDifference(s.squareSum, x.square().sum(0)) < 1e-5);
                                             QVERIFY(statisticsDifference(s.samples, x.narrow(0, 0, 50)) < 1e-6);
                                             ++checkedMaps;
                                         }
                                     });
        QCOMPARE(checkedMaps, int64_t(m->config().n_layer) * (family == "llama" ? 5 : 4));
    }

    // The Gram matrix accumulated in place (float32 on the CPU: BLAS's rank-k update into
    // the running sum) equals X^T X of all rows in double precision, for contiguous rows
    // and for rows that are a column slice of a wider matrix (a row stride beyond the
    // width), added to a sum that already holds earlier rows.
    void gramAccumulatesInPlace()
    {
        torch::manual_seed(7);
        const torch::Tensor first = torch::randn({300, 200});
        const torch::Tensor wide = torch::randn({257, 230});
        const torch::Tensor second = wide.narrow(1, 10, 200); // row stride 230
        torch::Tensor gram = torch::zeros({200, 200});
        quant::detail::addUpperGram(gram, first);
        quant::detail::addUpperGram(gram, second);
        quant::detail::mirrorUpperGram(gram);
        const torch::Tensor rows = torch::cat({first, second}).to(torch::kDouble);
        QVERIFY(statisticsDifference(gram, rows.t().mm(rows)) < 1e-5);
        QVERIFY(torch::equal(gram, gram.t()));
    }
};

LW_TEST_GUILESS_MAIN(TestCalibration)
#include "test_calibration.moc"
