// The block formats: half conversions against a second, straightforward implementation;
// dequantization of every supported type equal bit for bit to gguf-py's (fixtures made by
// llama.cpp's Python package, fixtures/make_fixtures.py); our reference quantizers give
// gguf-py's bytes; the type table's sizes equal the block layouts summed by hand.
#include "core/gguf/ggml_types.h"
#include "core/gguf/gguf_file.h"
#include "core/util/error.h"
#include "gguf_test_support.h"
#include "test_registry.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace lw;
using namespace lw::gguf;
using namespace lw::test::gguf;

namespace {

// The half with bits h, from the IEEE definition.
double halfByDefinition(uint16_t h)
{
    const int exponent = (h >> 10) & 0x1f;
    const int mantissa = h & 0x3ff;
    const double sign = (h & 0x8000) ? -1.0 : 1.0;
    if (exponent == 0)
        return sign * std::ldexp(double(mantissa), -24);
    if (exponent == 31)
        return mantissa ? std::nan("") : sign * INFINITY;
    return sign * std::ldexp(double(1024 + mantissa), exponent - 25);
}

// Nearest half to x by search over the (monotonic) bit patterns of the non-negative
// halves, ties to the even pattern; 65536 stands for infinity, as IEEE rounding has it.
uint16_t nearestHalfBySearch(float x)
{
    const double magnitude = std::fabs(double(x));
    const uint16_t sign = std::signbit(x) ? 0x8000 : 0;
    auto value = [](uint32_t h) { return h == 0x7c00 ? 65536.0 : halfByDefinition(uint16_t(h)); };
    uint32_t low = 0, high = 0x7c00; // value(low) <= magnitude < value(high), or magnitude >= 65536
    if (magnitude >= 65536.0)
        return sign | 0x7c00;
    while (high - low > 1) {
        const uint32_t mid = (low + high) / 2;
        (value(mid) <= magnitude ? low : high) = mid;
    }
    const double below = magnitude - value(low), above = value(high) - magnitude;
    const uint32_t nearest = below < above ? low : above < below ? high : (low % 2 == 0 ? low : high);
    return uint16_t(sign | nearest);
}

} // namespace

class TestGgmlTypes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void typeTableMatchesBlockLayouts();
    void halfToFloatIsExact();
    void floatToHalfRoundsToNearestEven();
    void dequantizeEqualsGgufPy_data();
    void dequantizeEqualsGgufPy();
    void quantizersEqualGgufPy_data();
    void quantizersEqualGgufPy();
    void partialBlocksAndUnsupportedTypesAreRefused();
    void nonFiniteValuesQuantizeToDefinedLevels();
};

void TestGgmlTypes::typeTableMatchesBlockLayouts()
{
    // ggml-common.h's block structs, field by field (f16 = 2 bytes).
    const struct {
        GgmlType type;
        uint32_t blockSize, bytes;
    } layouts[] = {
        {GgmlType::F32, 1, 4},
        {GgmlType::F16, 1, 2},
        {GgmlType::BF16, 1, 2},
        {GgmlType::Q8_0, 32, 2 + 32},            // d, 32 int8
        {GgmlType::Q4_0, 32, 2 + 16},            // d, 16 bytes of nibbles
        {GgmlType::Q4_1, 32, 2 + 2 + 16},        // d, m, nibbles
        {GgmlType::Q5_0, 32, 2 + 4 + 16},        // d, fifth bits, nibbles
        {GgmlType::Q5_1, 32, 2 + 2 + 4 + 16},    // d, m, fifth bits, nibbles
        {GgmlType::Q4_K, 256, 2 + 2 + 12 + 128}, // d, dmin, scales, nibbles
        {GgmlType::Q5_K, 256, 2 + 2 + 12 + 32 + 128},
        {GgmlType::Q6_K, 256, 128 + 64 + 16 + 2}, // ql, qh, scales, d
    };
    for (const auto& l : layouts) {
        const GgmlTypeInfo& info = ggmlTypeInfo(l.type);
        QCOMPARE(info.blockSize, l.blockSize);
        QCOMPARE(info.bytesPerBlock, l.bytes);
        QVERIFY(info.dequantizable);
    }
    QCOMPARE(ggmlTypeName(12), std::string("q4_K"));
    QCOMPARE(ggmlTypeName(77), std::string("unknown type 77"));
    QVERIFY(!findGgmlType(4));  // Q4_2, removed from ggml
    QVERIFY(!findGgmlType(31)); // Q4_0_4_4, removed from GGUF files
    uint64_t bytes = 0;
    QVERIFY(ggmlByteSize(GgmlType::Q6_K, 512, bytes));
    QCOMPARE(bytes, uint64_t(420));
    QVERIFY(!ggmlByteSize(GgmlType::Q6_K, 300, bytes));
    QVERIFY(!ggmlByteSize(GgmlType::F64, uint64_t(1) << 62, bytes)); // 2^65 bytes
}

void TestGgmlTypes::halfToFloatIsExact()
{
    for (uint32_t h = 0; h < 0x10000; ++h) {
        const float f = halfToFloat(uint16_t(h));
        const double expected = halfByDefinition(uint16_t(h));
        if (std::isnan(expected)) {
            QVERIFY(std::isnan(f));
            continue;
        }
        QCOMPARE(double(f), expected);
        QCOMPARE(std::signbit(f), bool(h & 0x8000));
        QCOMPARE(uint32_t(floatToHalf(f)), h); // every half survives the round trip
    }
}

void TestGgmlTypes::floatToHalfRoundsToNearestEven()
{
    // Ties by hand: 1 + 2^-11 lies halfway between 1 (0x3c00) and 1 + 2^-10 (0x3c01) and
    // goes to the even 0x3c00; 1 + 3*2^-11 between 0x3c01 and 0x3c02 goes to 0x3c02;
    // 65520 between 65504 (0x7bff) and the first value past the range goes to infinity;
    // 2^-25 between 0 and the smallest subnormal goes to 0; 1.5*2^-24 to 2*2^-24.
    QCOMPARE(floatToHalf(1.0f + std::ldexp(1.0f, -11)), uint16_t(0x3c00));
    QCOMPARE(floatToHalf(1.0f + 3 * std::ldexp(1.0f, -11)), uint16_t(0x3c02));
    QCOMPARE(floatToHalf(65504.0f), uint16_t(0x7bff));
    QCOMPARE(floatToHalf(65519.996f), uint16_t(0x7bff));
    QCOMPARE(floatToHalf(65520.0f), uint16_t(0x7c00));
    QCOMPARE(floatToHalf(-65520.0f), uint16_t(0xfc00));
    QCOMPARE(floatToHalf(std::ldexp(1.0f, -25)), uint16_t(0x0000));
    QCOMPARE(floatToHalf(std::nextafter(std::ldexp(1.0f, -25), 1.0f)), uint16_t(0x0001));
    QCOMPARE(floatToHalf(1.5f * std::ldexp(1.0f, -24)), uint16_t(0x0002));
    QCOMPARE(floatToHalf(-0.0f), uint16_t(0x8000));
    QVERIFY((floatToHalf(NAN) & 0x7fff) > 0x7c00);

    // Random bit patterns over the whole float range against the search.
    std::mt19937 rng(7);
    std::uniform_int_distribution<uint32_t> bits(0, 0xffffffffu);
    for (int i = 0; i < 200000; ++i) {
        uint32_t u = bits(rng);
        // Most random patterns are far outside the half range; fold half of them in.
        if (i % 2)
            u = (u & 0x807fffff) | ((102 + (u >> 23) % 40) << 23);
        float x;
        std::memcpy(&x, &u, sizeof x);
        if (std::isnan(x))
            continue;
        if (floatToHalf(x) != nearestHalfBySearch(x))
            QFAIL(qPrintable(QStringLiteral("float bits %1: got %2, expected %3")
                                 .arg(u, 8, 16, QLatin1Char('0'))
                                 .arg(floatToHalf(x), 4, 16, QLatin1Char('0'))
                                 .arg(nearestHalfBySearch(x), 4, 16, QLatin1Char('0'))));
    }
}

void TestGgmlTypes::dequantizeEqualsGgufPy_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("tensor");
    for (const char* file : {"tensors.gguf", "metadata.gguf"})
        for (const auto& t : expectedFixtures()[file]["tensors"])
            QTest::newRow(t["name"].get<std::string>().c_str())
                << QString::fromUtf8(file) << QString::fromStdString(t["name"].get<std::string>());
}

void TestGgmlTypes::dequantizeEqualsGgufPy()
{
    QFETCH(QString, file);
    QFETCH(QString, tensor);
    const GgufFile gguf(fixturePath(file.toStdString()));
    const GgufTensorInfo& t = gguf.tensor(tensor.toStdString());
    std::string valuesFile;
    for (const auto& e : expectedFixtures()[file.toStdString()]["tensors"])
        if (e["name"] == tensor.toStdString())
            valuesFile = e["values"].get<std::string>();
    const std::vector<float> expected = readFloats(fixturePath(valuesFile));
    const std::vector<float> got = gguf.dequantizeTensor(t);
    QCOMPARE(got.size(), expected.size());
    // Bit for bit (NaN payloads and signed zeros included): ggml and gguf-py compute
    // each value with the same float operations in the same order, and so do we.
    QCOMPARE(bitsOf(got), bitsOf(expected));
}

void TestGgmlTypes::quantizersEqualGgufPy_data()
{
    QTest::addColumn<QString>("name");
    for (const char* name : {"bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1"})
        QTest::newRow(name) << QString::fromUtf8(name);
}

void TestGgmlTypes::quantizersEqualGgufPy()
{
    QFETCH(QString, name);
    const GgufFile gguf(fixturePath("tensors.gguf"));
    const GgufTensorInfo& source = gguf.tensor(name.toStdString() + ".source");
    const GgufTensorInfo& quantized = gguf.tensor(name.toStdString());
    QCOMPARE(source.type, GgmlType::F32);
    QCOMPARE(source.dims, quantized.dims);
    std::vector<float> values(source.elementCount);
    std::memcpy(values.data(), source.data, source.byteSize);
    std::string ours(quantized.byteSize, '\0');
    quantize(quantized.type, values.data(), ours.data(), values.size());
    QCOMPARE(ours, std::string(reinterpret_cast<const char*>(quantized.data), quantized.byteSize));
}

void TestGgmlTypes::partialBlocksAndUnsupportedTypesAreRefused()
{
    std::vector<float> values(64);
    std::string blocks(64, '\0');
    auto fails = [](auto call, const char* fragment) {
        try {
            call();
        } catch (const Error& e) {
            return std::string(e.what()).find(fragment) != std::string::npos;
        }
        return false;
    };
    QVERIFY(fails([&] { dequantize(GgmlType::Q4_0, blocks.data(), values.data(), 31); },
                  "31 values are not whole q4_0 blocks of 32"));
    QVERIFY(fails([&] { quantize(GgmlType::Q8_0, values.data(), blocks.data(), 40); },
                  "40 values are not whole q8_0 blocks of 32"));
    QVERIFY(fails([&] { dequantize(GgmlType::Q2_K, blocks.data(), values.data(), 256); },
                  "cannot convert q2_K tensors to float yet"));
    QVERIFY(fails([&] { quantize(GgmlType::Q2_K, values.data(), blocks.data(), 256); },
                  "cannot store float values as q2_K yet"));
}

void TestGgmlTypes::nonFiniteValuesQuantizeToDefinedLevels()
{
    // By hand, Q8_0 of [inf, NaN, 1, 1, ...]: amax = inf (NaN never wins a comparison), so
    // d = inf / 127 = inf (f16 0x7c00) and id = 1/inf = 0; every x*id is 0 or NaN, and
    // both give level 0.
    std::vector<float> x(32, 1.0f);
    x[0] = INFINITY;
    x[1] = NAN;
    std::string q8(34, '\x55');
    quantize(GgmlType::Q8_0, x.data(), q8.data(), x.size());
    QCOMPARE(q8, std::string("\x00\x7c", 2) + std::string(32, '\0'));
    // Q4_1 of the same block: max = inf, min = 1, d = inf, id = 0; (x - 1)*0 + 0.5 is 0.5
    // (level 0) or NaN (level 0, as is inf - 1 = inf times 0).
    std::string q41(20, '\x55');
    quantize(GgmlType::Q4_1, x.data(), q41.data(), x.size());
    QCOMPARE(q41, std::string("\x00\x7c\x00\x3c", 4) + std::string(16, '\0'));
}

LW_TEST_GUILESS_MAIN(TestGgmlTypes)
#include "test_ggml_types.moc"
