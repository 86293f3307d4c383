// The RLE / bit-packed hybrid decoder against values encoded here, straight from the
// format's description: random runs of both kinds at every bit width, read one at a
// time and in batches of random sizes, give back the values that were encoded; data
// that ends early is refused.
#include "core/parquet/format_error.h"
#include "core/parquet/rle_bit_packed.h"
#include "test_registry.h"

#include <QtTest>

#include <random>

using namespace lw;

namespace {

void putVarint(std::string& out, uint64_t v)
{
    while (v >= 0x80) {
        out.push_back(char(v | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
}

// Random runs: RLE runs (header count << 1, then the value in ceil(width / 8) bytes)
// and bit-packed runs (header groups << 1 | 1, then eight values a group, width bits
// each, least significant bit first). Returns the values the runs hold.
std::vector<uint32_t> encodeRandomRuns(std::mt19937& rng, int width, std::string& out)
{
    const uint64_t maxValue = width == 32 ? 0xffffffffull : (uint64_t(1) << width) - 1;
    std::uniform_int_distribution<uint64_t> value(0, maxValue);
    std::vector<uint32_t> values;
    const int runs = 1 + int(rng() % 20);
    for (int r = 0; r < runs; ++r) {
        if (rng() % 2) {
            const uint32_t count = 1 + rng() % 300;
            const uint32_t v = uint32_t(value(rng));
            putVarint(out, uint64_t(count) << 1);
            for (int b = 0; b < (width + 7) / 8; ++b)
                out.push_back(char(v >> (8 * b)));
            values.insert(values.end(), count, v);
        } else {
            const uint32_t groups = 1 + rng() % 6;
            putVarint(out, uint64_t(groups) << 1 | 1);
            std::string packed(size_t(groups) * size_t(width), '\0');
            for (uint32_t i = 0; i < groups * 8; ++i) {
                const uint32_t v = uint32_t(value(rng));
                for (int b = 0; b < width; ++b)
                    if (v >> b & 1) {
                        const size_t bit = size_t(i) * size_t(width) + size_t(b);
                        packed[bit / 8] = char(packed[bit / 8] | (1 << (bit % 8)));
                    }
                values.push_back(v);
            }
            out += packed;
        }
    }
    return values;
}

} // namespace

class TestRleBitPacked : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decodesWhatWasEncoded();
    void refusesDataThatEndsEarly();
    void stepsOverAnyNumberOfEmptyRuns();
};

void TestRleBitPacked::decodesWhatWasEncoded()
{
    std::mt19937 rng(1234);
    for (int width = 0; width <= 32; ++width) {
        for (int trial = 0; trial < 20; ++trial) {
            std::string bytes;
            const std::vector<uint32_t> expected = encodeRandomRuns(rng, width, bytes);
            const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());

            parquet::RleBitPackedDecoder one(data, bytes.size(), width);
            for (size_t i = 0; i < expected.size(); ++i)
                QCOMPARE(one.next(), expected[i]);

            parquet::RleBitPackedDecoder batched(data, bytes.size(), width);
            std::vector<uint32_t> got(expected.size());
            for (size_t done = 0; done < got.size();) {
                const size_t take = std::min<size_t>(got.size() - done, 1 + rng() % 50);
                batched.nextBatch(got.data() + done, take);
                done += take;
            }
            QCOMPARE(got, expected);
        }
    }
}

void TestRleBitPacked::refusesDataThatEndsEarly()
{
    std::mt19937 rng(99);
    std::string bytes;
    const std::vector<uint32_t> expected = encodeRandomRuns(rng, 7, bytes);
    parquet::RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), 7);
    for (size_t i = 0; i < expected.size(); ++i)
        decoder.next();
    QVERIFY_THROWS_EXCEPTION(parquet::FormatError, decoder.next());
    QVERIFY_THROWS_EXCEPTION(parquet::FormatError, parquet::RleBitPackedDecoder(nullptr, 0, 33));
}

void TestRleBitPacked::stepsOverAnyNumberOfEmptyRuns()
{
    // A million RLE runs of zero values (header 0, value byte 0 at width 1), then a run
    // of three ones: hostile data that must neither overflow the stack nor lose values.
    std::string bytes;
    for (int i = 0; i < 1000000; ++i)
        bytes += std::string("\x00\x00", 2);
    bytes += std::string("\x06\x01", 2); // header 3 << 1, value 1
    parquet::RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), 1);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(decoder.next(), 1u);
    QVERIFY_THROWS_EXCEPTION(parquet::FormatError, decoder.next());
}

LW_TEST_GUILESS_MAIN(TestRleBitPacked)
#include "test_rle_bit_packed.moc"
