// nf4Linear against the plain linear layer with the dequantised weight: the same output,
// and the same gradients for x and bias from LibTorch's own autograd, for 2-D and 3-D
// inputs, with and without bias. Its autograd node keeps only the 4-bit storage: no
// tensor with W's element count, and exactly the bytes of the codes, absmax codes and
// scales.
#include "core/quant/nf4_linear.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

#include <memory>

using namespace lw;

namespace {

bool close(const torch::Tensor& a, const torch::Tensor& b, double tolerance = 1e-5)
{
    return a.sizes() == b.sizes() && torch::allclose(a, b, tolerance, tolerance);
}

} // namespace

class TestNf4Linear : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesPlainLinear_data();
    void matchesPlainLinear();
    void keepsOnlyTheFourBitWeight();
    void bf16Input();
    void refusesMismatchedShapes();
};

void TestNf4Linear::matchesPlainLinear_data()
{
    QTest::addColumn<QVector<qint64>>("xShape");
    QTest::addColumn<int>("outFeatures");
    QTest::addColumn<bool>("withBias");
    QTest::addColumn<bool>("biasNeedsGrad");
    QTest::newRow("(5, 64) -> 32, bias") << QVector<qint64>{5, 64} << 32 << true << true;
    QTest::newRow("(B, T, C) = (2, 7, 128) -> 192, bias") << QVector<qint64>{2, 7, 128} << 192 << true << true;
    QTest::newRow("(3, 4, 96) -> 40, no bias") << QVector<qint64>{3, 4, 96} << 40 << false << false;
    QTest::newRow("(9, 256) -> 3, frozen bias") << QVector<qint64>{9, 256} << 3 << true << false;
    QTest::newRow("(1, 1, 64) -> 1, bias") << QVector<qint64>{1, 1, 64} << 1 << true << true;
}

void TestNf4Linear::matchesPlainLinear()
{
    QFETCH(QVector<qint64>, xShape);
    QFETCH(int, outFeatures);
    QFETCH(bool, withBias);
    QFETCH(bool, biasNeedsGrad);
    torch::manual_seed(uint64_t(outFeatures));
    std::vector<int64_t> sizes(xShape.begin(), xShape.end());
    const int64_t inFeatures = sizes.back();
    auto weight = std::make_shared<const quant::Nf4Tensor>(
        quant::quantizeNf4(torch::randn({outFeatures, inFeatures}) * 0.1, "w"));
    torch::Tensor w = quant::dequantizeNf4(*weight);
    torch::Tensor x = torch::randn(sizes);
    torch::Tensor bias = withBias ? torch::randn({outFeatures}) : torch::Tensor();
    std::vector<int64_t> ySizes = sizes;
    ySizes.back() = outFeatures;
    torch::Tensor upstream = torch::randn(ySizes);

    // Reference: x @ W^T + b by hand, then LibTorch's autograd through the same expression.
    torch::Tensor xRef = x.clone().requires_grad_(true);
    torch::Tensor bRef = withBias ? bias.clone().requires_grad_(biasNeedsGrad) : torch::Tensor();
    torch::Tensor yRef = torch::matmul(xRef, w.t());
    if (withBias)
        yRef = yRef + bRef;
    (yRef * upstream).sum().backward();

    torch::Tensor xOurs = x.clone().requires_grad_(true);
    torch::Tensor bOurs = withBias ? bias.clone().requires_grad_(biasNeedsGrad) : torch::Tensor();
    torch::Tensor y = quant::nf4Linear(xOurs, weight, bOurs);
    QVERIFY(close(y, yRef.detach()));
    (y * upstream).sum().backward();
    QVERIFY(close(xOurs.grad(), xRef.grad()));
    if (withBias && biasNeedsGrad)
        QVERIFY(close(bOurs.grad(), bRef.grad()));
    if (withBias && !biasNeedsGrad)
        QVERIFY(!bOurs.grad().defined());
}

void TestNf4Linear::keepsOnlyTheFourBitWeight()
{
    torch::manual_seed(21);
    const int64_t outFeatures = 256, inFeatures = 512;
    auto weight = std::make_shared<const quant::Nf4Tensor>(
        quant::quantizeNf4(torch::randn({outFeatures, inFeatures}), "w"));
    torch::Tensor x = torch::randn({2, 3, inFeatures}, torch::requires_grad());
    torch::Tensor y = quant::nf4Linear(x, weight, torch::zeros({outFeatures}, torch::requires_grad()));

    int64_t savedBytes = 0;
    for (const torch::Tensor& t : quant::nf4LinearSavedTensors(y)) {
        QVERIFY2(t.numel() != outFeatures * inFeatures, "a tensor of W's size is kept for backward");
        QVERIFY(!t.is_floating_point() || t.numel() < 16);
        savedBytes += int64_t(t.nbytes());
    }
    // codes 65536 + absmax codes 2048 + 8 scales of 4 bytes; the mean is not a tensor.
    QCOMPARE(savedBytes, int64_t(65536 + 2048 + 32));
    QCOMPARE(savedBytes, weight->bytes() - 4);
    // The backward still runs from what is kept.
    y.sum().backward();
    QVERIFY(x.grad().defined());

    // Without anything that needs a gradient there is no node to ask.
    torch::Tensor plain = quant::nf4Linear(torch::randn({2, inFeatures}), weight);
    QVERIFY(!plain.requires_grad());
    bool refused = false;
    try {
        quant::nf4LinearSavedTensors(plain);
    } catch (const Error&) {
        refused = true;
    }
    QVERIFY(refused);
}

void TestNf4Linear::bf16Input()
{
    // A bf16 input multiplies with W dequantised to bf16, as the plain bf16 linear does.
    torch::manual_seed(22);
    auto weight = std::make_shared<const quant::Nf4Tensor>(quant::quantizeNf4(torch::randn({48, 128}), "w"));
    torch::Tensor x = torch::randn({4, 128}).to(torch::kBFloat16).requires_grad_(true);
    torch::Tensor y = quant::nf4Linear(x, weight);
    QCOMPARE(y.scalar_type(), torch::kBFloat16);
    torch::Tensor reference = torch::matmul(x.detach(), quant::dequantizeNf4(*weight, torch::kBFloat16).t());
    QVERIFY(torch::equal(y.detach(), reference));
    y.sum().backward();
    QCOMPARE(x.grad().scalar_type(), torch::kBFloat16);
}

void TestNf4Linear::refusesMismatchedShapes()
{
    auto weight = std::make_shared<const quant::Nf4Tensor>(quant::quantizeNf4(torch::randn({8, 64}), "w"));
    auto errorOf = [](const std::function<void()>& f) -> QString {
        try {
            f();
        } catch (const Error& e) {
            return e.what();
        }
        return {};
    };
    QVERIFY(errorOf([&] { quant::nf4Linear(torch::randn({2, 32}), weight); })
                .contains("input's last dimension is 32, the weight takes 64"));
    QVERIFY(errorOf([&] { quant::nf4Linear(torch::randn({2, 64}), weight, torch::zeros({9})); })
                .contains("bias must have 8 elements"));
    auto flat = std::make_shared<const quant::Nf4Tensor>(quant::quantizeNf4(torch::randn({512}), "v"));
    QVERIFY(errorOf([&] { quant::nf4Linear(torch::randn({2, 512}), flat); }).contains("2-D"));
}

LW_TEST_GUILESS_MAIN(TestNf4Linear)
#include "test_nf4_linear.moc"
