// Writing: gguf-py's files come back byte for byte when read and written again; a file
// we write reads back key for key and tensor for tensor, laid out at the offsets the
// format prescribes; streamed tensors, bad input and failed callbacks are handled.
#include "core/gguf/gguf_file.h"
#include "core/gguf/gguf_writer.h"
#include "core/util/error.h"
#include "gguf_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace lw;
using namespace lw::gguf;
using namespace lw::test::gguf;

namespace {

std::string errorOf(const std::function<void()>& call)
{
    try {
        call();
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

class TestGgufWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rewriteIsByteExact_data();
    void rewriteIsByteExact();
    void writtenFileReadsBack();
    void streamedTensorOfWrongSizeLeavesNoFile();
    void badInputIsRefused();

private:
    QTemporaryDir m_dir;
    std::string scratch(const char* name) { return m_dir.filePath(QString::fromUtf8(name)).toStdString(); }
};

void TestGgufWriter::rewriteIsByteExact_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("metadata") << QStringLiteral("metadata.gguf");
    QTest::newRow("tensors") << QStringLiteral("tensors.gguf");
}

void TestGgufWriter::rewriteIsByteExact()
{
    QFETCH(QString, file);
    const std::string original = fixturePath(file.toStdString());
    const GgufFile gguf(original);
    const std::string copy = scratch("copy.gguf");
    GgufWriter::copyOf(gguf).write(copy);
    QVERIFY(util::readFile(copy) == util::readFile(original));
}

void TestGgufWriter::writtenFileReadsBack()
{
    std::vector<float> weights(2 * 64);
    for (size_t i = 0; i < weights.size(); ++i)
        weights[i] = std::sin(0.37f * float(i)) * 3.0f;
    std::string q8(2 * 2 * 34, '\0');
    quantize(GgmlType::Q8_0, weights.data(), q8.data(), weights.size());
    std::string f16(weights.size() * 2, '\0');
    quantize(GgmlType::F16, weights.data(), f16.data(), weights.size());

    GgufWriter writer;
    writer.add("general.architecture", GgufValue::string("llama"));
    writer.add(kAlignmentKey, GgufValue::u32(16));
    writer.add("k.u8", GgufValue::u8(200));
    writer.add("k.i8", GgufValue::i8(-3));
    writer.add("k.u16", GgufValue::u16(60000));
    writer.add("k.i16", GgufValue::i16(-20000));
    writer.add("k.u32", GgufValue::u32(3000000000u));
    writer.add("k.i32", GgufValue::i32(-7));
    writer.add("k.u64", GgufValue::u64(~uint64_t(0)));
    writer.add("k.i64", GgufValue::i64(INT64_MIN));
    writer.add("k.f32", GgufValue::f32(1e-3f));
    writer.add("k.f64", GgufValue::f64(-1e100));
    writer.add("k.bool", GgufValue::boolean(true));
    writer.add("k.empty", GgufValue::string(""));
    writer.add("k.strings", GgufValue::stringArray({"a", "", "ở đây"}));
    writer.add("k.no_strings", GgufValue::stringArray({}));
    writer.add("k.f32s", GgufValue::f32Array({1.5f, -0.0f}));
    writer.add("k.i32s", GgufValue::i32Array({-1, 2}));
    writer.add("k.u32s", GgufValue::u32Array({}));
    writer.add("k.bools", GgufValue::boolArray({false, true}));
    writer.add("k.u8s", GgufValue::u8Array({1, 2, 3}));
    writer.addTensor("q8", {64, 2}, GgmlType::Q8_0, q8.data(), q8.size());
    writer.addTensor("scalar", {}, GgmlType::F32, weights.data(), 4);
    writer.addTensor("empty", {0, 3}, GgmlType::F32, nullptr, 0);
    // Streamed in pieces of 10 bytes.
    writer.addTensor("f16", {32, 2, 1, 2}, GgmlType::F16, [&](GgufTensorSink& sink) {
        for (size_t at = 0; at < f16.size(); at += 10)
            sink.write(f16.data() + at, std::min<size_t>(10, f16.size() - at));
    });
    const std::string path = scratch("ours.gguf");
    writer.write(path);

    const GgufFile back(path);
    QCOMPARE(back.version(), uint32_t(3));
    QCOMPARE(back.alignment(), uint32_t(16));
    QCOMPARE(back.metadata().size(), size_t(21));
    QCOMPARE(back.get<uint32_t>("k.u32"), 3000000000u);
    QCOMPARE(back.get<int64_t>("k.i64"), INT64_MIN);
    QCOMPARE(back.get<std::vector<std::string>>("k.strings"), (std::vector<std::string>{"a", "", "ở đây"}));
    QCOMPARE(back.get<std::vector<bool>>("k.bools"), (std::vector<bool>{false, true}));
    QVERIFY(back.get<std::vector<uint32_t>>("k.u32s").empty());
    QCOMPARE(back.metadata()[2].key, std::string("k.u8"));
    QVERIFY(back.metadata()[2].value == GgufValue::u8(200));
    QVERIFY(back.value("k.f64") == GgufValue::f64(-1e100));
    QVERIFY(back.value("k.f32s") == GgufValue::f32Array({1.5f, -0.0f}));

    // Offsets by hand: q8 takes 136 bytes (padded to 144 at alignment 16), the scalar 4
    // (padded to 16), the empty tensor none, so f16 starts at 144 + 16 = 160.
    QCOMPARE(back.tensors().size(), size_t(4));
    QCOMPARE(back.tensor("q8").offset, uint64_t(0));
    QCOMPARE(back.tensor("scalar").offset, uint64_t(144));
    QCOMPARE(back.tensor("empty").offset, uint64_t(160));
    QCOMPARE(back.tensor("f16").offset, uint64_t(160));
    QCOMPARE(back.tensor("f16").dims, (std::vector<uint64_t>{32, 2, 1, 2}));
    QCOMPARE(back.tensor("scalar").dims.size(), size_t(0));
    QCOMPARE(back.tensor("empty").elementCount, uint64_t(0));
    QCOMPARE(std::string(reinterpret_cast<const char*>(back.tensor("q8").data), back.tensor("q8").byteSize), q8);
    QCOMPARE(std::string(reinterpret_cast<const char*>(back.tensor("f16").data), back.tensor("f16").byteSize), f16);
    QCOMPARE(back.dequantizeTensor(back.tensor("scalar")), std::vector<float>{weights[0]});
    QVERIFY(back.dequantizeTensor(back.tensor("empty")).empty()); // no data pointer to read
    // The file ends with the last tensor's padding: data section + 160 + 256 bytes.
    QCOMPARE(back.fileSize(), back.dataOffset() + 160 + 256);

    // And it writes back to the same bytes.
    GgufWriter::copyOf(back).write(scratch("again.gguf"));
    QVERIFY(util::readFile(scratch("again.gguf")) == util::readFile(path));

    // Version 2 files are written when asked for.
    GgufWriter v2;
    v2.setVersion(2);
    v2.write(scratch("v2.gguf"));
    QCOMPARE(GgufFile(scratch("v2.gguf")).version(), uint32_t(2));
}

void TestGgufWriter::streamedTensorOfWrongSizeLeavesNoFile()
{
    GgufWriter writer;
    writer.addTensor("short", {8}, GgmlType::F32, [](GgufTensorSink& sink) { sink.write("12345678", 8); });
    const std::string path = scratch("short.gguf");
    QCOMPARE(errorOf([&] { writer.write(path); }), path + ": tensor 'short': 8 bytes written, 32 expected");
    QVERIFY(!std::filesystem::exists(path));
}

void TestGgufWriter::badInputIsRefused()
{
    GgufWriter writer;
    writer.add("a", GgufValue::u32(1));
    const float four[4] = {};
    writer.addTensor("t", {4}, GgmlType::F32, four, sizeof four);
    QCOMPARE(errorOf([&] { writer.add("a", GgufValue::u32(2)); }), std::string("a: the key is added twice"));
    QCOMPARE(errorOf([&] { writer.add("", GgufValue::u32(2)); }), std::string("GGUF key: the name is empty"));
    QCOMPARE(errorOf([&] { writer.add(kAlignmentKey, GgufValue::i32(32)); }),
             std::string("general.alignment: is i32, expected u32"));
    QCOMPARE(errorOf([&] { writer.add(kAlignmentKey, GgufValue::u32(48)); }),
             std::string("general.alignment: 48 is not a power of two"));
    QCOMPARE(errorOf([&] { writer.add(kAlignmentKey, GgufValue::u32(64)); }),
             std::string("general.alignment: set the alignment before adding tensors"));
    QCOMPARE(errorOf([&] { writer.addTensor("t", {4}, GgmlType::F32, four, sizeof four); }),
             std::string("tensor 't': the tensor is added twice"));
    const std::string longName(64, 'n');
    QCOMPARE(errorOf([&] { writer.addTensor(longName, {4}, GgmlType::F32, four, sizeof four); }),
             "tensor '" + longName + "': the name is longer than 63 bytes");
    QCOMPARE(errorOf([&] { writer.addTensor("d", {1, 1, 1, 1, 4}, GgmlType::F32, four, sizeof four); }),
             std::string("tensor 'd': 5 dimensions (at most 4)"));
    QCOMPARE(errorOf([&] { writer.addTensor("q", {33}, GgmlType::Q4_0, four, sizeof four); }),
             std::string("tensor 'q': first dim 33 is not a whole number of q4_0 blocks of 32"));
    QCOMPARE(errorOf([&] { writer.addTensor("b", {3}, GgmlType::F32, four, sizeof four); }),
             std::string("tensor 'b': 16 bytes given, 12 expected for its dims and type"));
    QCOMPARE(errorOf([&] { writer.addTensor("o", {uint64_t(1) << 32, uint64_t(1) << 32}, GgmlType::F32, four, 0); }),
             std::string("tensor 'o': dims product overflows"));
    QCOMPARE(errorOf([&] { writer.setVersion(1); }), std::string("GGUF version: 1 cannot be written (only 2 and 3)"));

    // A type we cannot convert still travels; converting it names the tensor.
    GgufWriter q2;
    const std::string block(84, '\x11');
    q2.addTensor("q2", {256}, GgmlType::Q2_K, block.data(), block.size());
    const std::string path = scratch("q2.gguf");
    q2.write(path);
    const GgufFile back(path);
    QCOMPARE(errorOf([&] { back.dequantizeTensor(back.tensor("q2")); }),
             path + ": tensor 'q2': cannot convert q2_K tensors to float yet");
}

LW_TEST_GUILESS_MAIN(TestGgufWriter)
#include "test_gguf_writer.moc"
