// NF4 storage: a block quantised by hand gives the expected nibbles in bitsandbytes'
// order (first weight in the high nibble); the double-quantised absmax of two blocks by
// hand; on random matrices every weight comes back within the error bound, and every
// stored code is the nearest by brute force; the CPU loop and the torch-ops path agree;
// storage is numel/2 + numel/64 + 4 * ceil(numel/16384) + 4 bytes; bad input is refused
// with the tensor's name.
#include "core/quant/nf4.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

using namespace lw;
using quant::Nf4Tensor;

namespace {

std::vector<float> floats(const torch::Tensor& t)
{
    torch::Tensor c = t.to(torch::kFloat).contiguous().view({-1});
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

// The 4-bit index of weight i, read straight from the packed bytes.
int nibble(const Nf4Tensor& q, int64_t i)
{
    const uint8_t byte = q.codes.data_ptr<uint8_t>()[i / 2];
    return i % 2 == 0 ? byte >> 4 : byte & 15;
}

// The absmax of block b as stored: mean + code * scale of its group of 256.
float storedAbsmax(const Nf4Tensor& q, int64_t b)
{
    const float code = q.absmaxCodes.data_ptr<int8_t>()[b];
    return code * q.absmaxScales.data_ptr<float>()[b / 256] + q.absmaxMean;
}

std::vector<float> blockAbsmax(const std::vector<float>& w)
{
    std::vector<float> out(w.size() / 64, 0.0f);
    for (size_t i = 0; i < w.size(); ++i)
        out[i / 64] = std::max(out[i / 64], std::abs(w[i]));
    return out;
}

// Half the widest gap between neighbouring NF4 values: the worst rounding of a weight
// inside [-absmax, absmax], in units of absmax.
double halfLargestGap()
{
    const auto& v = quant::nf4CodeValues();
    double gap = 0;
    for (size_t k = 0; k + 1 < v.size(); ++k)
        gap = std::max(gap, double(v[k + 1]) - double(v[k]));
    return gap / 2;
}

// Normal weights whose rows have very different sizes (1e-2 to 10), so the absmax values
// spread widely and their double quantisation matters.
torch::Tensor unevenRows(int64_t rows, int64_t cols)
{
    torch::Tensor rowScale = torch::pow(10.0, torch::linspace(-2.0, 1.0, rows)).unsqueeze(1);
    return torch::randn({rows, cols}) * rowScale;
}

QString errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

template <typename F>
double medianMs(F&& f, int runs)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        f();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

} // namespace

class TestNf4Format : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handQuantisedBlock();
    void doubleQuantisationByHand();
    void roundTripWithinBound_data();
    void roundTripWithinBound();
    void storedCodesAreNearest();
    void inputDtypes();
    void cpuLoopMatchesTorchOps();
    void storageBytes();
    void refusesBadInput_data();
    void refusesBadInput();
    void refusesInconsistentLayout();
};

void TestNf4Format::handQuantisedBlock()
{
    // One block, absmax 2. One block means mean = 2, a - mean = 0, so the absmax is
    // stored exactly (code 0, scale 0). Each x = w / 2 goes to the nearest value:
    //   w = 2    -> x = 1     -> index 15;  w = -2 -> x = -1 -> index 0       byte 0xF0
    //   w = 0    -> index 7;  w = 0.2 -> x = 0.1, between 0.0796 (8) and
    //                         0.1609 (9), midpoint 0.1203 -> 8               byte 0x78
    //   w = -1   -> x = -0.5, between -0.5251 (2) and -0.3949 (3),
    //               midpoint -0.4600 -> 2
    //   w = 1.2  -> x = 0.6, between 0.5626 (13) and 0.7230 (14),
    //               midpoint 0.6428 -> 13                                   byte 0x2D
    //   w = 1.3  -> x = 0.65 > 0.6428 -> 14
    //   w = -0.18 -> x = -0.09, between -0.0911 (6) and 0 (7) -> 6           byte 0xE6
    // The other 56 weights are 0: index 7, bytes 0x77.
    std::vector<float> w(64, 0.0f);
    const std::vector<float> head = {2.0f, -2.0f, 0.0f, 0.2f, -1.0f, 1.2f, 1.3f, -0.18f};
    std::copy(head.begin(), head.end(), w.begin());
    Nf4Tensor q = quant::quantizeNf4(torch::tensor(w).view({8, 8}), "block");

    std::vector<uint8_t> expected = {0xF0, 0x78, 0x2D, 0xE6};
    expected.resize(32, 0x77);
    QCOMPARE(q.codes.numel(), int64_t(32));
    for (int i = 0; i < 32; ++i)
        QCOMPARE(int(q.codes.data_ptr<uint8_t>()[i]), int(expected[size_t(i)]));
    QCOMPARE(q.absmaxMean, 2.0f);
    QCOMPARE(int(q.absmaxCodes.data_ptr<int8_t>()[0]), 0);
    QCOMPARE(q.absmaxScales.data_ptr<float>()[0], 0.0f);
    QCOMPARE(q.shape, (std::vector<int64_t>{8, 8}));

    const auto& v = quant::nf4CodeValues();
    const std::vector<int> indices = {15, 0, 7, 8, 2, 13, 14, 6};
    std::vector<float> back = floats(quant::dequantizeNf4(q));
    for (int i = 0; i < 64; ++i)
        QCOMPARE(back[size_t(i)], 2.0f * v[size_t(i < 8 ? indices[size_t(i)] : 7)]);
}

void TestNf4Format::doubleQuantisationByHand()
{
    // Two blocks with absmax 1 and 3: mean 2, centred -1 and +1, scale 1/127, codes
    // -127 and 127, decoded 2 - 127/127 = 1 and 2 + 127/127 = 3.
    torch::Tensor w = torch::full({128}, 0.25f);
    w[10] = -1.0f;
    w[64 + 5] = 3.0f;
    Nf4Tensor q = quant::quantizeNf4(w, "two blocks");
    QCOMPARE(q.absmaxMean, 2.0f);
    QCOMPARE(q.absmaxScales.numel(), int64_t(1));
    QVERIFY(std::abs(q.absmaxScales.data_ptr<float>()[0] - 1.0f / 127.0f) < 1e-9f);
    QCOMPARE(int(q.absmaxCodes.data_ptr<int8_t>()[0]), -127);
    QCOMPARE(int(q.absmaxCodes.data_ptr<int8_t>()[1]), 127);
    std::vector<float> absmax = floats(quant::dequantizeNf4Absmax(q));
    QVERIFY(std::abs(absmax[0] - 1.0f) < 1e-6f);
    QVERIFY(std::abs(absmax[1] - 3.0f) < 1e-6f);
}

void TestNf4Format::roundTripWithinBound_data()
{
    QTest::addColumn<QVector<qint64>>("shape");
    QTest::addColumn<bool>("uneven");
    QTest::addColumn<int>("seed");
    QTest::newRow("one block") << QVector<qint64>{64} << false << 1;
    QTest::newRow("128 x 96") << QVector<qint64>{128, 96} << false << 2;
    // 300 blocks: two absmax groups, the second 44 long.
    QTest::newRow("300 x 64, uneven rows") << QVector<qint64>{300, 64} << true << 3;
    QTest::newRow("3-D 3 x 5 x 128") << QVector<qint64>{3, 5, 128} << false << 4;
    QTest::newRow("768 x 3072") << QVector<qint64>{768, 3072} << false << 5;
    QTest::newRow("512 x 320, uneven rows") << QVector<qint64>{512, 320} << true << 6;
}

void TestNf4Format::roundTripWithinBound()
{
    QFETCH(QVector<qint64>, shape);
    QFETCH(bool, uneven);
    QFETCH(int, seed);
    torch::manual_seed(uint64_t(seed));
    std::vector<int64_t> sizes(shape.begin(), shape.end());
    torch::Tensor w = uneven ? unevenRows(sizes[0], sizes[1]) : torch::randn(sizes) * 0.02;
    Nf4Tensor q = quant::quantizeNf4(w, "w");
    torch::Tensor deq = quant::dequantizeNf4(q);
    QCOMPARE(deq.sizes().vec(), sizes);

    const std::vector<float> weights = floats(w), back = floats(deq);
    const std::vector<float> absmax = blockAbsmax(weights);
    const size_t blocks = absmax.size();
    // The double quantisation, recomputed: mean of the absmax values, and per group of
    // 256 the scale max |a - mean| / 127.
    double mean = 0;
    for (float a : absmax)
        mean += a;
    mean /= double(blocks);
    QVERIFY(std::abs(q.absmaxMean - mean) <= 1e-6 * mean);
    std::vector<double> scale((blocks + 255) / 256, 0.0);
    for (size_t b = 0; b < blocks; ++b)
        scale[b / 256] = std::max(scale[b / 256], std::abs(absmax[b] - mean) / 127.0);
    QCOMPARE(q.absmaxScales.numel(), int64_t(scale.size()));
    for (size_t g = 0; g < scale.size(); ++g)
        QVERIFY(std::abs(q.absmaxScales.data_ptr<float>()[g] - scale[g]) <= 1e-5 * scale[g] + 1e-12);

    // A weight inside the decoded absmax c' rounds by at most c' * halfGap, and
    // c' <= c + s/2; one outside it (c' < |w| <= c) is clamped to c', off by at most
    // c - c' <= s/2. So |w - deq| <= c * halfGap + s/2, plus float rounding.
    const double halfGap = halfLargestGap();
    double worstRatio = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
        const size_t b = i / 64;
        const double bound = absmax[b] * halfGap + scale[b / 256] / 2;
        const double error = std::abs(double(weights[i]) - double(back[i]));
        if (error > bound * (1 + 1e-5) + 1e-9)
            QFAIL(qPrintable(QString("weight %1: |%2 - %3| = %4 exceeds the bound %5")
                                 .arg(i).arg(weights[i]).arg(back[i]).arg(error).arg(bound)));
        worstRatio = std::max(worstRatio, error / bound);
        // The output is the stored code times the stored absmax.
        const float expected = quant::nf4CodeValues()[size_t(nibble(q, int64_t(i)))] * storedAbsmax(q, int64_t(b));
        if (std::abs(back[i] - expected) > 1e-6f * std::abs(storedAbsmax(q, int64_t(b))))
            QFAIL(qPrintable(QString("weight %1 decodes to %2, its code gives %3").arg(i).arg(back[i]).arg(expected)));
    }
    qInfo("worst error / bound = %.3f", worstRatio);
}

void TestNf4Format::storedCodesAreNearest()
{
    torch::manual_seed(11);
    for (const torch::Tensor& w : {torch::randn({64, 64}), unevenRows(40, 128)}) {
        Nf4Tensor q = quant::quantizeNf4(w, "w");
        const std::vector<float> weights = floats(w);
        const auto& v = quant::nf4CodeValues();
        for (size_t i = 0; i < weights.size(); ++i) {
            const double c = storedAbsmax(q, int64_t(i / 64));
            double best = 1e30;
            for (float value : v)
                best = std::min(best, std::abs(weights[i] - value * c));
            const double chosen = std::abs(weights[i] - v[size_t(nibble(q, int64_t(i)))] * c);
            if (chosen > best + 1e-6 * std::abs(c))
                QFAIL(qPrintable(QString("weight %1 (%2): code %3 is off by %4, the nearest by %5")
                                     .arg(i).arg(weights[i]).arg(nibble(q, int64_t(i))).arg(chosen).arg(best)));
        }
    }
}

void TestNf4Format::inputDtypes()
{
    // bf16, fp16 and fp64 weights quantise as the float32 tensor of the same values.
    torch::manual_seed(12);
    torch::Tensor w = torch::randn({32, 64}).to(torch::kBFloat16);
    Nf4Tensor fromFloat = quant::quantizeNf4(w.to(torch::kFloat), "w");
    for (auto dtype : {torch::kBFloat16, torch::kDouble}) {
        Nf4Tensor q = quant::quantizeNf4(w.to(dtype), "w");
        QVERIFY(torch::equal(q.codes, fromFloat.codes));
        QVERIFY(torch::equal(q.absmaxCodes, fromFloat.absmaxCodes));
        QVERIFY(torch::equal(q.absmaxScales, fromFloat.absmaxScales));
        QCOMPARE(q.absmaxMean, fromFloat.absmaxMean);
    }
    torch::Tensor half = torch::randn({2, 64}).to(torch::kHalf);
    QVERIFY(torch::equal(quant::quantizeNf4(half, "h").codes, quant::quantizeNf4(half.to(torch::kFloat), "h").codes));
}

void TestNf4Format::cpuLoopMatchesTorchOps()
{
    torch::manual_seed(13);
    Nf4Tensor q = quant::quantizeNf4(torch::randn({768, 3072}) * 0.02, "w");
    for (auto dtype : {torch::kFloat, torch::kBFloat16, torch::kHalf}) {
        torch::Tensor loop = quant::dequantizeNf4(q, dtype);
        torch::Tensor ops = quant::dequantizeNf4TorchOps(q, dtype);
        QCOMPARE(loop.scalar_type(), dtype);
        QVERIFY(torch::equal(loop, ops));
    }
    // Timings (no assertion): the dequantisation runs in every QLoRA forward and backward.
    const double loopMs = medianMs([&] { quant::dequantizeNf4(q); }, 21);
    const double opsMs = medianMs([&] { quant::dequantizeNf4TorchOps(q); }, 21);
    const double loopBf16Ms = medianMs([&] { quant::dequantizeNf4(q, torch::kBFloat16); }, 21);
    const double loopHalfMs = medianMs([&] { quant::dequantizeNf4(q, torch::kHalf); }, 21);
    qInfo("dequantise 768x3072 (%d threads): CPU loop %.3f ms (bf16 out %.3f ms, fp16 out %.3f ms), torch ops %.3f ms",
          torch::get_num_threads(), loopMs, loopBf16Ms, loopHalfMs, opsMs);
}

void TestNf4Format::storageBytes()
{
    // 768 x 3072 = 2359296 weights: 1179648 code bytes, 36864 absmax codes,
    // ceil(36864 / 256) = 144 float scales (576 bytes) and the 4-byte mean.
    const int64_t n = 768 * 3072;
    Nf4Tensor q = quant::quantizeNf4(torch::randn({768, 3072}), "w");
    QCOMPARE(q.bytes(), n / 2 + n / 64 + 4 * ((n / 64 + 255) / 256) + 4);
    QCOMPARE(q.bytes(), int64_t(1217092));
    const double bits = q.bitsPerWeight();
    QVERIFY(std::abs(bits - 8.0 * 1217092 / double(n)) < 1e-12);
    QVERIFY(16.0 / bits >= 3.5);
    qInfo("%.4f bits per weight, %.3fx smaller than bf16", bits, 16.0 / bits);
}

void TestNf4Format::refusesBadInput_data()
{
    QTest::addColumn<QVector<qint64>>("shape");
    QTest::addColumn<bool>("integer");
    QTest::addColumn<QString>("message");
    QTest::newRow("100 elements") << QVector<qint64>{10, 10} << false << "layers.3.mlp.w: NF4 needs a multiple of 64 elements; shape [10, 10] has 100";
    QTest::newRow("96 elements") << QVector<qint64>{96} << false << "layers.3.mlp.w: NF4 needs a multiple of 64 elements; shape [96]";
    QTest::newRow("empty") << QVector<qint64>{0, 64} << false << "layers.3.mlp.w: cannot quantise an empty tensor (shape [0, 64])";
    QTest::newRow("integer") << QVector<qint64>{64} << true << "layers.3.mlp.w: NF4 quantises floating-point tensors";
    QTest::newRow("NaN") << QVector<qint64>{2, 64} << false << "layers.3.mlp.w: NF4 cannot hold infinite or NaN weights (shape [2, 64])";
}

void TestNf4Format::refusesBadInput()
{
    QFETCH(QVector<qint64>, shape);
    QFETCH(bool, integer);
    QFETCH(QString, message);
    torch::Tensor w = torch::zeros(std::vector<int64_t>(shape.begin(), shape.end()), integer ? torch::kInt : torch::kFloat);
    if (QByteArray(QTest::currentDataTag()) == "NaN")
        w[1][5] = std::nanf("");
    const QString error = errorOf([&] { quant::quantizeNf4(w, "layers.3.mlp.w"); });
    QVERIFY2(error.startsWith(message), qPrintable(error));
}

void TestNf4Format::refusesInconsistentLayout()
{
    Nf4Tensor q = quant::quantizeNf4(torch::randn({4, 64}), "w");
    Nf4Tensor shortCodes = q;
    shortCodes.codes = q.codes.narrow(0, 0, 100);
    QVERIFY(errorOf([&] { quant::dequantizeNf4(shortCodes); }).contains("codes must be 128 uint8 values"));
    Nf4Tensor wrongShape = q;
    wrongShape.shape = {4, 65};
    QVERIFY(errorOf([&] { quant::dequantizeNf4TorchOps(wrongShape); }).contains("multiple of 64"));
    Nf4Tensor noScales = q;
    noScales.absmaxScales = torch::Tensor();
    QVERIFY(errorOf([&] { quant::dequantizeNf4(noScales); }).contains("absmax scales must be 1 float32"));
}

LW_TEST_GUILESS_MAIN(TestNf4Format)
#include "test_nf4_format.moc"
