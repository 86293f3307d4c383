// The quantizers against ggml's own: fixtures/quant/<type>.bin were written by
// ggml_quantize_chunk (fixtures/make_quant_fixtures.c) from inputs this test makes again
// with the same generator, without and with an importance vector; our quantize() and
// quantizeWeighted() must give the same bytes. Also: quantizing then dequantizing stays
// within error bounds derived by hand per format, and quantizeWeighted checks its shape.
#include "core/gguf/ggml_types.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "gguf_test_support.h"
#include "test_registry.h"

#include <QtTest>

#include <cmath>
#include <thread>

using namespace lw;
using namespace lw::gguf;
using namespace lw::test::gguf;

namespace {

constexpr int kFixtureRows = 10, kFixtureRowLength = 512;

// make_quant_fixtures.c's generator, draw for draw.
struct FixtureInputs {
    std::vector<float> rows = std::vector<float>(kFixtureRows * kFixtureRowLength);
    std::vector<float> importance = std::vector<float>(kFixtureRowLength);

    FixtureInputs()
    {
        for (int r = 0; r < kFixtureRows; ++r)
            for (int j = 0; j < kFixtureRowLength; ++j)
                rows[r * kFixtureRowLength + j] = value(r, j, uniform());
        for (int j = 0; j < kFixtureRowLength; ++j) {
            float v = 0.0625f + (uniform() + 1.0f) * 0.5f;
            if (j % 29 == 3)
                v *= 16.0f;
            if (j % 50 == 0 || (j >= 64 && j < 96))
                v = 0.0f;
            importance[j] = v;
        }
    }

private:
    uint32_t state = 12345u;

    float uniform()
    {
        state = state * 1664525u + 1013904223u;
        return float(int32_t(state >> 8) - 8388608) * 0x1p-23f;
    }

    static float value(int row, int j, float u)
    {
        switch (row) {
        case 0: return u;
        case 1: return j % 37 == 5 ? (u < 0 ? -8.0f : 8.0f) + u : u * 0.125f;
        case 2: return j < 256 || j % 3 == 0 ? 0.0f : u;
        case 3: return 0.375f;
        case 4: return u * 0x1p-30f;
        case 5: return u * 0x1p14f;
        case 6: return u * 0x1p20f;
        case 7: return u * 0.5f - 1.5f;
        case 8: return u * 0.5f + 1.0f;
        default: return j % 64 == 7 ? u : 0.0f;
        }
    }
};

const FixtureInputs& fixtureInputs()
{
    static const FixtureInputs inputs;
    return inputs;
}

GgmlType typeNamed(const QString& name)
{
    for (uint32_t id = 0; id < 64; ++id)
        if (const GgmlTypeInfo* info = findGgmlType(id); info && QString::fromUtf8(info->name) == name)
            return info->type;
    qFatal("no ggml type %s", qPrintable(name));
}

size_t rowBytes(GgmlType type, int64_t rowLength)
{
    const GgmlTypeInfo& info = ggmlTypeInfo(type);
    return size_t(rowLength / info.blockSize) * info.bytesPerBlock;
}

// Names the first row and byte where two quantizations differ.
QString firstDifference(const std::string& ours, const std::string& expected, size_t bytesPerRow)
{
    for (size_t i = 0; i < std::min(ours.size(), expected.size()); ++i)
        if (ours[i] != expected[i])
            return QStringLiteral("row %1, byte %2: ours %3, ggml %4")
                .arg(i / bytesPerRow)
                .arg(i % bytesPerRow)
                .arg(uint8_t(ours[i]))
                .arg(uint8_t(expected[i]));
    return QStringLiteral("sizes %1 and %2").arg(ours.size()).arg(expected.size());
}

// Largest |x - dequantize(quantize(x))| the format allows for one block, derived by hand
// in quantizedValuesStayWithinHandBounds.
double blockBound(GgmlType type, const float* x, int n)
{
    double amax = 0, max = -INFINITY, min = INFINITY;
    for (int i = 0; i < n; ++i) {
        amax = std::max(amax, std::fabs(double(x[i])));
        max = std::max(max, double(x[i]));
        min = std::min(min, double(x[i]));
    }
    const double half = std::ldexp(1.0, -11); // relative rounding of an f16 scale
    const double kMinOrZero = std::min(min, 0.0), kMaxOrZero = std::max(max, 0.0);
    switch (type) {
    case GgmlType::Q8_0: return amax / 127 * (0.5 + 127 * half);
    case GgmlType::Q4_0: return amax / 8 * (1 + 8 * half);
    case GgmlType::Q5_0: return amax / 16 * (1 + 16 * half);
    case GgmlType::Q4_1: return (max - min) / 15 * (0.5 + 15 * half) + std::fabs(min) * half;
    case GgmlType::Q5_1: return (max - min) / 31 * (0.5 + 31 * half) + std::fabs(min) * half;
    // K-quants: one step of the sub-block's level grid over [min(min, 0), max] (the fit
    // may move the grid by up to half a step, the 6-bit scale rounding by up to 1/126
    // of the largest scale, which is covered by the remaining half step)...
    case GgmlType::Q4_K: return (kMaxOrZero - kMinOrZero) / 15;
    case GgmlType::Q5_K: return (kMaxOrZero - kMinOrZero) / 31;
    // ...and for Q6_K's symmetric grid of 64 levels, one step of amax / 32.
    case GgmlType::Q6_K: return amax / 32;
    default: return 0;
    }
}

} // namespace

class TestGgmlQuantize : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void equalsGgmlQuantizers_data();
    void equalsGgmlQuantizers();
    void rowsOnSeveralThreadsEqualOneCall();
    void quantizedValuesStayWithinHandBounds_data();
    void quantizedValuesStayWithinHandBounds();
    void weightedShapesAreChecked();
};

void TestGgmlQuantize::equalsGgmlQuantizers_data()
{
    QTest::addColumn<QString>("type");
    for (const char* type : {"q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q4_K", "q5_K", "q6_K"})
        QTest::newRow(type) << QString::fromUtf8(type);
}

void TestGgmlQuantize::equalsGgmlQuantizers()
{
    QFETCH(QString, type);
    const GgmlType t = typeNamed(type);
    const FixtureInputs& in = fixtureInputs();
    const size_t bytes = rowBytes(t, kFixtureRowLength) * kFixtureRows;
    const std::string fixture = util::readFile(fixturePath("quant/" + type.toStdString() + ".bin"));
    QCOMPARE(fixture.size(), 2 * bytes);
    const std::string expectedPlain = fixture.substr(0, bytes), expectedWeighted = fixture.substr(bytes);

    std::string plain(bytes, '\x55'), plainRows(bytes, '\x55'), weighted(bytes, '\x55');
    quantize(t, in.rows.data(), plain.data(), in.rows.size());
    quantizeWeighted(t, in.rows.data(), plainRows.data(), kFixtureRows, kFixtureRowLength, nullptr);
    quantizeWeighted(t, in.rows.data(), weighted.data(), kFixtureRows, kFixtureRowLength, in.importance.data());
    const size_t perRow = rowBytes(t, kFixtureRowLength);
    QVERIFY2(plain == expectedPlain, qPrintable(firstDifference(plain, expectedPlain, perRow)));
    QCOMPARE(plainRows, expectedPlain);
    QVERIFY2(weighted == expectedWeighted, qPrintable(firstDifference(weighted, expectedWeighted, perRow)));
    // The importance vector must matter where ggml has a weighted search (not Q8_0).
    QCOMPARE(expectedWeighted == expectedPlain, t == GgmlType::Q8_0);
}

void TestGgmlQuantize::rowsOnSeveralThreadsEqualOneCall()
{
    // Each thread quantizes its own rows; nothing is shared but the inputs.
    const FixtureInputs& in = fixtureInputs();
    for (GgmlType t : {GgmlType::Q4_K, GgmlType::Q6_K, GgmlType::Q4_0}) {
        const size_t perRow = rowBytes(t, kFixtureRowLength);
        std::string whole(perRow * kFixtureRows, '\0'), split(perRow * kFixtureRows, '\0');
        quantizeWeighted(t, in.rows.data(), whole.data(), kFixtureRows, kFixtureRowLength, in.importance.data());
        std::vector<std::thread> threads;
        for (int r = 0; r < kFixtureRows; r += 3)
            threads.emplace_back([&, r] {
                const int rows = std::min(3, kFixtureRows - r);
                quantizeWeighted(t, in.rows.data() + r * kFixtureRowLength, split.data() + r * perRow, rows,
                                 kFixtureRowLength, in.importance.data());
            });
        for (std::thread& thread : threads)
            thread.join();
        QCOMPARE(split, whole);
    }
}

void TestGgmlQuantize::quantizedValuesStayWithinHandBounds_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("weighted");
    for (const char* type : {"q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q4_K", "q5_K", "q6_K"})
        for (bool weighted : {false, true})
            QTest::newRow(qPrintable(QStringLiteral("%1%2").arg(type, weighted ? " weighted" : "")))
                << QString::fromUtf8(type) << weighted;
}

void TestGgmlQuantize::quantizedValuesStayWithinHandBounds()
{
    // By hand, per block with f16 scale rounding of at most 2^-11 relative (h):
    //  Q8_0: d = amax/127, levels round(x/d): |err| <= d/2 + 127*d*h.
    //  Q4_0/Q5_0: d = max/-2^(b-1); a value of the other sign than max reaches level
    //    2^(b-1), clamped to 2^(b-1) - 1: |err| <= d + 2^(b-1)*d*h.
    //  Q4_1/Q5_1: d = (max - min)/(2^b - 1), min stored as f16: |err| <= d/2 +
    //    (2^b - 1)*d*h + |min|*h.
    //  K-quants: see blockBound.
    // Weighted quantization (importance 1 everywhere) fits the grid by weighted least
    // squares instead, with weights w = sqrt(sigma^2 + x^2) (sigma^2 the row's mean square),
    // and may clip an extreme value. Its first candidate is the plain grid, so the weighted
    // mean square error is at most bound^2, and the plain root mean square error at most
    // sqrt(max w / min w) * bound.
    QFETCH(QString, type);
    QFETCH(bool, weighted);
    const GgmlType t = typeNamed(type);
    const GgmlTypeInfo& info = ggmlTypeInfo(t);
    const FixtureInputs& in = fixtureInputs();
    const std::vector<float> importance(kFixtureRowLength, 1.0f);
    std::string blocks(rowBytes(t, kFixtureRowLength), '\0');
    std::vector<float> back(kFixtureRowLength);
    // Rows 0, 1, 5, 7, 8: values whose scales f16 represents normally (no tiny or huge
    // magnitudes) and blocks with spread.
    for (int row : {0, 1, 5, 7, 8}) {
        const float* x = in.rows.data() + row * kFixtureRowLength;
        quantizeWeighted(t, x, blocks.data(), 1, kFixtureRowLength, weighted ? importance.data() : nullptr);
        dequantize(t, blocks.data(), back.data(), back.size());
        const int boundBlock = t == GgmlType::Q6_K ? 16 : 32; // the blocks (sub-blocks) scales belong to
        double sigma2 = 0;
        for (int i = 0; i < kFixtureRowLength; ++i)
            sigma2 += double(x[i]) * x[i] / kFixtureRowLength;
        for (int b = 0; b < kFixtureRowLength / boundBlock; ++b) {
            const float* xb = x + b * boundBlock;
            const double bound = blockBound(t, xb, boundBlock);
            if (weighted) {
                double squares = 0, wMin = INFINITY, wMax = 0;
                for (int i = 0; i < boundBlock; ++i) {
                    const double err = double(back[b * boundBlock + i]) - xb[i];
                    squares += err * err;
                    const double w = std::sqrt(sigma2 + double(xb[i]) * xb[i]);
                    wMin = std::min(wMin, w);
                    wMax = std::max(wMax, w);
                }
                const double rms = std::sqrt(squares / boundBlock);
                QVERIFY2(rms <= std::sqrt(wMax / wMin) * bound,
                         qPrintable(QStringLiteral("%1 row %2 block %3: rms %4").arg(info.name).arg(row).arg(b).arg(rms)));
                continue;
            }
            for (int i = b * boundBlock; i < (b + 1) * boundBlock; ++i)
                if (std::fabs(double(back[i]) - double(x[i])) > bound)
                    QFAIL(qPrintable(QStringLiteral("%1 row %2 value %3: %4 came back as %5, bound %6")
                                         .arg(info.name)
                                         .arg(row)
                                         .arg(i)
                                         .arg(double(x[i]))
                                         .arg(double(back[i]))
                                         .arg(bound)));
        }
    }
}

void TestGgmlQuantize::weightedShapesAreChecked()
{
    std::vector<float> values(512);
    std::string blocks(512 * 2, '\0');
    QCOMPARE(errorMessageOf([&] { quantizeWeighted(GgmlType::Q4_K, values.data(), blocks.data(), 2, 128, nullptr); }),
             std::string("rows of 128 values are not whole q4_K blocks of 256"));
    QCOMPARE(errorMessageOf([&] { quantizeWeighted(GgmlType::Q2_K, values.data(), blocks.data(), 1, 256, nullptr); }),
             std::string("cannot store float values as q2_K yet"));
    QCOMPARE(errorMessageOf([&] { quantizeWeighted(GgmlType::Q8_0, values.data(), blocks.data(), -1, 32, nullptr); }),
             std::string("cannot quantize -1 rows"));
    // Zero rows write nothing.
    quantizeWeighted(GgmlType::Q6_K, values.data(), nullptr, 0, 256, values.data());
}

LW_TEST_GUILESS_MAIN(TestGgmlQuantize)
#include "test_ggml_quantize.moc"
