// The direct conversions between f32, f16 and bf16 (an export's hot loop) against their
// definition, quantize(to, dequantize(from, ·)): every 16-bit pattern (NaNs, infinities,
// subnormals included), and for float32 sources every sign, exponent and top-ten-bit
// mantissa with the low bits at each rounding boundary, plus random patterns. Both the
// F16C path (where the CPU has it) and the portable one must give the same bytes.
#include "core/gguf/ggml_convert.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

#include <cstring>
#include <limits>
#include <random>

using namespace lw;
using namespace lw::gguf;

namespace {

std::vector<uint8_t> everyHalfPattern()
{
    std::vector<uint8_t> bytes(65536 * 2);
    for (uint32_t i = 0; i < 65536; ++i) {
        const uint16_t v = uint16_t(i);
        std::memcpy(bytes.data() + 2 * i, &v, 2);
    }
    return bytes;
}

// Float32 bit patterns: every sign, exponent and top ten mantissa bits with the 13 bits
// that f16 drops at each place where its rounding changes (0, 1, half less one, half,
// half plus one, all ones); every top 16 bits with the 16 that bf16 drops at the same
// places; then random ones.
std::vector<uint8_t> floatPatterns()
{
    std::vector<uint32_t> values;
    for (uint32_t high = 0; high < (1u << 19); ++high)
        for (uint32_t low : {0x0u, 0x1u, 0xfffu, 0x1000u, 0x1001u, 0x1fffu})
            values.push_back((high << 13) | low);
    for (uint32_t high = 0; high < (1u << 16); ++high)
        for (uint32_t low : {0x0u, 0x1u, 0x7fffu, 0x8000u, 0x8001u, 0xffffu})
            values.push_back((high << 16) | low);
    std::mt19937 random(7);
    for (int i = 0; i < 1000000; ++i)
        values.push_back(uint32_t(random()));
    std::vector<uint8_t> bytes(values.size() * 4);
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

uint64_t bytesPerValue(GgmlType type) { return type == GgmlType::F32 ? 4 : 2; }

} // namespace

class TestGgmlConvert : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void equalsQuantizeOfDequantize_data();
    void equalsQuantizeOfDequantize();
    void unalignedLengthsTakeTheTail();
    void convertsToItselfExactlyWhenTheBytesStay();
    void blockTypesAreRefused();
};

void TestGgmlConvert::equalsQuantizeOfDequantize_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    const GgmlType types[] = {GgmlType::F32, GgmlType::F16, GgmlType::BF16};
    for (GgmlType from : types)
        for (GgmlType to : types)
            QTest::newRow((std::string(ggmlTypeInfo(from).name) + "->" + ggmlTypeInfo(to).name).c_str())
                << int(from) << int(to);
}

void TestGgmlConvert::equalsQuantizeOfDequantize()
{
    QFETCH(int, from);
    QFETCH(int, to);
    const auto source = GgmlType(from), target = GgmlType(to);
    const std::vector<uint8_t> in = source == GgmlType::F32 ? floatPatterns() : everyHalfPattern();
    const uint64_t n = in.size() / bytesPerValue(source);
    std::vector<float> widened(n);
    dequantize(source, in.data(), widened.data(), n);
    std::vector<uint8_t> expected(n * bytesPerValue(target)), fast(expected.size()), portable(expected.size());
    quantize(target, widened.data(), expected.data(), n);
    convertFloats(source, in.data(), target, fast.data(), n);
    detail::convertFloatsPortable(source, in.data(), target, portable.data(), n);
    for (const auto* got : {&fast, &portable}) {
        const auto mismatch = std::mismatch(expected.begin(), expected.end(), got->begin());
        if (mismatch.first != expected.end()) {
            const uint64_t at = uint64_t(mismatch.first - expected.begin()) / bytesPerValue(target);
            uint32_t input = 0;
            std::memcpy(&input, in.data() + at * bytesPerValue(source), bytesPerValue(source));
            QFAIL(qPrintable(QStringLiteral("%1 path: value %2 (input bits 0x%3) differs")
                                 .arg(got == &fast ? "run-time" : "portable")
                                 .arg(at)
                                 .arg(input, 0, 16)));
        }
    }
}

void TestGgmlConvert::unalignedLengthsTakeTheTail()
{
    // 13 values: one vector of 8 and a tail of 5, starting at an odd element.
    const float values[14] = {0, 1.5f, -2.25f, 65504.f, 65520.f, 1e-8f, -0.f, 3.14159f, 1e-5f, -7.f, 0.1f, 2e5f, 6e-8f, 9.f};
    std::vector<uint16_t> expected(13), got(13);
    quantize(GgmlType::F16, values + 1, expected.data(), 13);
    convertFloats(GgmlType::F32, values + 1, GgmlType::F16, got.data(), 13);
    QCOMPARE(got, expected);
    std::vector<float> back(13), backExpected(13);
    dequantize(GgmlType::F16, got.data(), backExpected.data(), 13);
    convertFloats(GgmlType::F16, got.data(), GgmlType::F32, back.data(), 13);
    QVERIFY(std::memcmp(back.data(), backExpected.data(), 13 * sizeof(float)) == 0);
}

// An export writes a tensor already in the file's type from its own bytes when
// convertsToItself() says so: it must hold exactly when quantize(t, dequantize(t, v))
// gives v back, for every 16-bit pattern, alone and anywhere in a run.
void TestGgmlConvert::convertsToItselfExactlyWhenTheBytesStay()
{
    for (GgmlType type : {GgmlType::F16, GgmlType::BF16}) {
        std::vector<uint16_t> run(1000, 0x3c00); // 1.0 in f16, 1.0/128 in bf16: both stay
        QVERIFY(convertsToItself(type, run.data(), run.size()));
        int changed = 0;
        for (uint32_t i = 0; i < 65536; ++i) {
            const uint16_t v = uint16_t(i);
            float value = 0;
            uint16_t back = 0;
            dequantize(type, &v, &value, 1);
            quantize(type, &value, &back, 1);
            const bool stays = back == v;
            changed += !stays;
            QVERIFY2(convertsToItself(type, &v, 1) == stays, qPrintable(QString::number(i, 16)));
            run[i % run.size()] = v; // the pattern in the middle of a run of values that stay
            QVERIFY(convertsToItself(type, run.data(), run.size()) == stays);
            run[i % run.size()] = 0x3c00;
        }
        // The signalling NaNs: exponent all ones, quiet bit clear, payload not zero.
        QCOMPARE(changed, type == GgmlType::F16 ? 2 * ((1 << 9) - 1) : 2 * ((1 << 6) - 1));
    }
    const float nan = std::numeric_limits<float>::signaling_NaN();
    QVERIFY(convertsToItself(GgmlType::F32, &nan, 1));
}

void TestGgmlConvert::blockTypesAreRefused()
{
    float in[32] = {};
    uint8_t out[64] = {};
    QVERIFY(!isPlainFloat(GgmlType::Q8_0));
    QVERIFY_THROWS_EXCEPTION(Error, convertFloats(GgmlType::F32, in, GgmlType::Q8_0, out, 32));
    QVERIFY_THROWS_EXCEPTION(Error, convertFloats(GgmlType::Q4_0, in, GgmlType::F32, out, 32));
}

LW_TEST_GUILESS_MAIN(TestGgmlConvert)
#include "test_ggml_convert.moc"
