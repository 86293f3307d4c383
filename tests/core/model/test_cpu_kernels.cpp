// The CPU building blocks under the fused kernels: the register-tiled small matmul
// (every tile shape and edge, transposed operands, accumulation) against a plain loop,
// the fused bias + GELU(tanh) against the exact formula in double, and the fused
// residual add + LayerNorm against ATen; gradients against ATen's autograd and against
// finite differences, and determinism across thread counts.
#include "core/model/add_layer_norm.h"
#include "core/model/bias_gelu.h"
#include "core/model/small_matmul.h"
#include "core/model/vector_math.h"
#include "tensor_test_support.h"
#include "test_registry.h"

#include <QtTest>

#include <cmath>

using lw::test::maxAbsDiff;

namespace {

double geluTanhExact(double x)
{
    return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
}

double geluTanhDerivativeExact(double x)
{
    const double k = std::sqrt(2.0 / M_PI);
    const double t = std::tanh(k * (x + 0.044715 * x * x * x));
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * k * (1.0 + 3.0 * 0.044715 * x * x);
}

} // namespace

class TestCpuKernels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }
    void smallMatmulMatchesLoops_data();
    void smallMatmulMatchesLoops();
    void transposeMatchesTensorTranspose_data();
    void transposeMatchesTensorTranspose();
    void geluRowKernelsMatchExactFormula();
    void biasGeluMatchesReference_data();
    void biasGeluMatchesReference();
    void biasGeluGradientMatchesFiniteDifferences();
    void biasGeluBiasGradientIsThreadCountIndependent();
    void addLayerNormMatchesReference_data();
    void addLayerNormMatchesReference();
    void addLayerNormGradientMatchesFiniteDifferences();
    void addLayerNormIsThreadCountIndependent();
};

void TestCpuKernels::smallMatmulMatchesLoops_data()
{
    QTest::addColumn<int>("m");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("k");
    QTest::addColumn<bool>("transposedA");
    QTest::addColumn<bool>("accumulate");
    QTest::newRow("attention tile") << 32 << 64 << 256 << false << false;
    QTest::newRow("scores") << 32 << 200 << 64 << false << false;
    QTest::newRow("transposed, accumulate") << 96 << 64 << 32 << true << true;
    QTest::newRow("every edge") << 13 << 75 << 7 << false << true;
    QTest::newRow("narrow columns") << 7 << 5 << 9 << true << false;
    QTest::newRow("one row") << 1 << 17 << 3 << false << false;
    QTest::newRow("empty inner dimension") << 5 << 20 << 0 << false << false;
}

void TestCpuKernels::smallMatmulMatchesLoops()
{
    QFETCH(int, m);
    QFETCH(int, n);
    QFETCH(int, k);
    QFETCH(bool, transposedA);
    QFETCH(bool, accumulate);
    torch::manual_seed(17);
    // Row strides wider than the data, as inside packed attention buffers.
    const int lda = (transposedA ? m : k) + 3, ldb = n + 5, ldc = n + 2;
    auto aStore = torch::randn({transposedA ? k : m, lda});
    auto bStore = torch::randn({k, ldb});
    auto cStore = torch::randn({m, ldc});
    auto a = transposedA ? aStore.narrow(1, 0, m).t() : aStore.narrow(1, 0, k); // (m, k)
    auto b = bStore.narrow(1, 0, n);
    auto expected = 0.75 * torch::mm(a.to(torch::kDouble), b.to(torch::kDouble));
    if (accumulate)
        expected += cStore.narrow(1, 0, n).to(torch::kDouble);
    auto c = cStore.clone();
    lw::model::cpu::StridedMatrix view;
    view.data = aStore.data_ptr<float>();
    view.rowStride = transposedA ? 1 : lda;
    view.colStride = transposedA ? lda : 1;
    lw::model::cpu::smallMatmul(m, n, k, 0.75f, view, bStore.data_ptr<float>(), ldb, c.data_ptr<float>(), ldc,
                                accumulate);
    QVERIFY(maxAbsDiff(c.narrow(1, 0, n), expected) < 1e-4);
    // Columns past n are never written.
    QCOMPARE(maxAbsDiff(c.narrow(1, n, ldc - n), cStore.narrow(1, n, ldc - n)), 0.0);
}

void TestCpuKernels::transposeMatchesTensorTranspose_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::newRow("keys of one head") << 256 << 64;
    QTest::newRow("ragged both ways") << 37 << 21;
    QTest::newRow("narrower than a block") << 5 << 70;
}

void TestCpuKernels::transposeMatchesTensorTranspose()
{
    QFETCH(int, rows);
    QFETCH(int, cols);
    const int srcStride = cols + 9, ldDst = rows + 4;
    auto src = torch::randn({rows, srcStride});
    auto dst = torch::full({cols, ldDst}, -7.0f);
    lw::model::cpu::transposeInto(src.data_ptr<float>(), srcStride, rows, cols, dst.data_ptr<float>(), ldDst);
    QVERIFY(torch::equal(dst.narrow(1, 0, rows), src.narrow(1, 0, cols).t()));
    QVERIFY(torch::equal(dst.narrow(1, rows, ldDst - rows), torch::full({cols, ldDst - rows}, -7.0f)));
}

void TestCpuKernels::geluRowKernelsMatchExactFormula()
{
    // Every float in [-12, 12] on a fine grid, plus the far tails.
    std::vector<float> xs;
    for (int i = -120000; i <= 120000; ++i)
        xs.push_back(float(i) * 1e-4f);
    for (float x : {-100.0f, -30.0f, -9.5f, 9.5f, 30.0f, 100.0f})
        xs.push_back(x);
    const int64_t n = int64_t(xs.size());
    const size_t count = xs.size();
    std::vector<float> zero(count, 0.0f), y(count, 0.0f), ones(count, 1.0f), dh(count, 0.0f), biasGrad(count, 0.0f);
    lw::model::vmath::biasGeluTanh(xs.data(), zero.data(), y.data(), n);
    lw::model::vmath::biasGeluTanhBackward(xs.data(), zero.data(), ones.data(), dh.data(), biasGrad.data(), n);
    double worstValue = 0.0, worstDerivative = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        worstValue = std::max(worstValue, std::abs(double(y[size_t(i)]) - geluTanhExact(xs[size_t(i)])));
        worstDerivative = std::max(worstDerivative, std::abs(double(dh[size_t(i)]) - geluTanhDerivativeExact(xs[size_t(i)])));
        QCOMPARE(biasGrad[size_t(i)], dh[size_t(i)]);
    }
    qInfo("largest error: gelu %g, gelu' %g", worstValue, worstDerivative);
    QVERIFY2(worstValue < 5e-7, qPrintable(QString("gelu off by %1").arg(worstValue)));
    QVERIFY2(worstDerivative < 5e-7, qPrintable(QString("gelu' off by %1").arg(worstDerivative)));
}

void TestCpuKernels::biasGeluMatchesReference_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("width");
    QTest::newRow("mlp") << 300 << 96;
    QTest::newRow("odd width") << 70 << 37;
    QTest::newRow("one row") << 1 << 5;
}

void TestCpuKernels::biasGeluMatchesReference()
{
    QFETCH(int, rows);
    QFETCH(int, width);
    torch::manual_seed(19);
    auto h = torch::randn({2, rows, width}) * 3.0;
    auto bias = torch::randn({width});
    auto upstream = torch::randn({2, rows, width});
    auto hf = h.clone().requires_grad_(true), bf = bias.clone().requires_grad_(true);
    auto fused = lw::model::biasGeluTanh(hf, bf);
    (fused * upstream).sum().backward();
    auto hr = h.to(torch::kDouble).requires_grad_(true), br = bias.to(torch::kDouble).requires_grad_(true);
    auto ref = lw::model::biasGeluTanhReference(hr, br);
    (ref * upstream.to(torch::kDouble)).sum().backward();
    QVERIFY(maxAbsDiff(fused, ref) < 2e-6);
    QVERIFY(maxAbsDiff(hf.grad(), hr.grad()) < 1e-5);
    QVERIFY(maxAbsDiff(bf.grad(), br.grad()) < 1e-4 * std::sqrt(double(2 * rows)));
}

void TestCpuKernels::biasGeluGradientMatchesFiniteDifferences()
{
    // Central differences of the exact formula in double against the fused float gradients.
    torch::manual_seed(23);
    auto h = torch::randn({4, 6}, torch::kDouble) * 2.0;
    auto bias = torch::randn({6}, torch::kDouble);
    auto upstream = torch::randn({4, 6}, torch::kDouble);
    auto hf = h.to(torch::kFloat).requires_grad_(true), bf = bias.to(torch::kFloat).requires_grad_(true);
    (lw::model::biasGeluTanh(hf, bf) * upstream.to(torch::kFloat)).sum().backward();
    auto objective = [&](const torch::Tensor& hh, const torch::Tensor& bb) {
        return (lw::model::biasGeluTanhReference(hh, bb) * upstream).sum().item<double>();
    };
    const double eps = 1e-6;
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 6; ++j) {
            auto plus = h.clone(), minus = h.clone();
            plus[i][j] += eps;
            minus[i][j] -= eps;
            const double numeric = (objective(plus, bias) - objective(minus, bias)) / (2 * eps);
            QVERIFY(std::abs(numeric - hf.grad()[i][j].item<double>()) < 1e-5);
        }
    for (int j = 0; j < 6; ++j) {
        auto plus = bias.clone(), minus = bias.clone();
        plus[j] += eps;
        minus[j] -= eps;
        const double numeric = (objective(h, plus) - objective(h, minus)) / (2 * eps);
        QVERIFY(std::abs(numeric - bf.grad()[j].item<double>()) < 1e-5);
    }
}

void TestCpuKernels::biasGeluBiasGradientIsThreadCountIndependent()
{
    torch::manual_seed(29);
    auto h = torch::randn({1000, 48});
    auto bias = torch::randn({48});
    auto upstream = torch::randn({1000, 48});
    std::vector<torch::Tensor> grads;
    for (int threads : {1, 2, 3}) {
        torch::set_num_threads(threads);
        auto b = bias.clone().requires_grad_(true);
        (lw::model::biasGeluTanh(h, b) * upstream).sum().backward();
        grads.push_back(b.grad());
    }
    torch::set_num_threads(2);
    QVERIFY(torch::equal(grads[0], grads[1]));
    QVERIFY(torch::equal(grads[0], grads[2]));
}

void TestCpuKernels::addLayerNormMatchesReference_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("withBias");
    QTest::addColumn<bool>("residualUsed"); // h feeds the next residual add as well as the norm
    QTest::newRow("block") << 300 << 96 << true << true;
    QTest::newRow("no bias") << 70 << 37 << false << true;
    QTest::newRow("h unused") << 130 << 64 << true << false;
    QTest::newRow("one row") << 1 << 5 << true << true;
}

void TestCpuKernels::addLayerNormMatchesReference()
{
    QFETCH(int, rows);
    QFETCH(int, width);
    QFETCH(bool, withBias);
    QFETCH(bool, residualUsed);
    torch::manual_seed(31);
    auto x = torch::randn({2, rows, width}) * 2.0 + 0.5, a = torch::randn({2, rows, width});
    auto w = torch::randn({width}), b = torch::randn({width});
    auto upH = torch::randn({2, rows, width}), upY = torch::randn({2, rows, width});
    auto run = [&](bool fused, torch::ScalarType type) {
        // detach(): to() returns the tensor itself when the type already matches, and
        // the inputs must stay fresh leaves for the second run.
        auto leaf = [&](const torch::Tensor& t) { return t.to(type).detach().clone().requires_grad_(true); };
        auto xv = leaf(x), av = leaf(a), wv = leaf(w);
        auto bv = withBias ? leaf(b) : torch::Tensor();
        auto [h, y] = fused ? lw::model::addLayerNorm(xv, av, wv, bv, 1e-5)
                            : lw::model::addLayerNormReference(xv, av, wv, bv, 1e-5);
        auto objective = (y * upY.to(type)).sum();
        if (residualUsed)
            objective = objective + (h * upH.to(type)).sum();
        objective.backward();
        return std::vector<torch::Tensor>{h, y, xv.grad(), av.grad(), wv.grad(), withBias ? bv.grad() : torch::zeros({1})};
    };
    auto fused = run(true, torch::kFloat);
    auto ref = run(false, torch::kDouble);
    const double tolerances[] = {1e-6, 2e-5, 2e-5, 2e-5, 1e-4 * rows, 1e-4 * rows};
    const char* names[] = {"h", "y", "dx", "da", "dweight", "dbias"};
    for (size_t i = 0; i < fused.size(); ++i) {
        const double err = maxAbsDiff(fused[i], ref[i]);
        QVERIFY2(err < tolerances[i], qPrintable(QString("%1 differs by %2").arg(names[i]).arg(err)));
    }
}

void TestCpuKernels::addLayerNormGradientMatchesFiniteDifferences()
{
    torch::manual_seed(37);
    auto x = torch::randn({3, 7}, torch::kDouble), a = torch::randn({3, 7}, torch::kDouble);
    auto w = torch::randn({7}, torch::kDouble), b = torch::randn({7}, torch::kDouble);
    auto upH = torch::randn({3, 7}, torch::kDouble), upY = torch::randn({3, 7}, torch::kDouble);
    auto objective = [&](const torch::Tensor& xx, const torch::Tensor& ww) {
        auto [h, y] = lw::model::addLayerNormReference(xx, a, ww, b, 1e-5);
        return ((h * upH).sum() + (y * upY).sum()).item<double>();
    };
    auto xf = x.to(torch::kFloat).requires_grad_(true), wf = w.to(torch::kFloat).requires_grad_(true);
    auto [h, y] = lw::model::addLayerNorm(xf, a.to(torch::kFloat), wf, b.to(torch::kFloat), 1e-5);
    ((h * upH.to(torch::kFloat)).sum() + (y * upY.to(torch::kFloat)).sum()).backward();
    const double eps = 1e-6;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 7; ++j) {
            auto plus = x.clone(), minus = x.clone();
            plus[i][j] += eps;
            minus[i][j] -= eps;
            const double numeric = (objective(plus, w) - objective(minus, w)) / (2 * eps);
            QVERIFY(std::abs(numeric - xf.grad()[i][j].item<double>()) < 1e-4);
        }
    for (int j = 0; j < 7; ++j) {
        auto plus = w.clone(), minus = w.clone();
        plus[j] += eps;
        minus[j] -= eps;
        const double numeric = (objective(x, plus) - objective(x, minus)) / (2 * eps);
        QVERIFY(std::abs(numeric - wf.grad()[j].item<double>()) < 1e-4);
    }
}

void TestCpuKernels::addLayerNormIsThreadCountIndependent()
{
    torch::manual_seed(41);
    auto x = torch::randn({1000, 48}), a = torch::randn({1000, 48}), up = torch::randn({1000, 48});
    std::vector<std::vector<torch::Tensor>> runs;
    for (int threads : {1, 2, 3}) {
        torch::set_num_threads(threads);
        auto xv = x.clone().requires_grad_(true), w = torch::ones({48}).requires_grad_(true);
        auto b = torch::zeros({48}).requires_grad_(true);
        auto [h, y] = lw::model::addLayerNorm(xv, a, w, b, 1e-5);
        (y * up).sum().backward();
        runs.push_back({y.detach(), xv.grad(), w.grad(), b.grad()});
    }
    torch::set_num_threads(2);
    for (size_t run = 1; run < runs.size(); ++run)
        for (size_t i = 0; i < runs[0].size(); ++i)
            QVERIFY(torch::equal(runs[0][i], runs[run][i]));
}

LW_TEST_GUILESS_MAIN(TestCpuKernels)
#include "test_cpu_kernels.moc"
