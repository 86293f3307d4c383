// Hostile GGUF files: a valid file cut short at any byte before its last tensor ends,
// and files broken one field at a time, each get one lw::Error that names the file, the
// byte offset and the field; none crashes or reads outside the file (the fuzz target
// tests/fuzz/harness_gguf.cpp runs the same reader under sanitizers).
#include "core/gguf/gguf_file.h"
#include "core/util/error.h"
#include "gguf_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw;
using namespace lw::gguf;
using namespace lw::test::gguf;

class TestGgufHostile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void truncatedFilesAreRefused();
    void brokenFieldsAreNamed_data();
    void brokenFieldsAreNamed();

private:
    QTemporaryDir m_dir;
};

void TestGgufHostile::truncatedFilesAreRefused()
{
    const std::string whole = util::readFile(fixturePath("metadata.gguf"));
    const GgufFile valid(fixturePath("metadata.gguf"));
    const GgufTensorInfo& last = valid.tensors().back();
    const uint64_t end = valid.dataOffset() + last.offset + last.byteSize;
    const std::string path = m_dir.filePath(QStringLiteral("cut.gguf")).toStdString();
    for (uint64_t size = 0; size < end; ++size) {
        writeBytes(path, whole.substr(0, size));
        try {
            GgufFile cut(path);
            QFAIL(qPrintable(QStringLiteral("a file cut to %1 of %2 bytes was read").arg(size).arg(end)));
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).rfind(path + ": offset ", 0) == 0, e.what());
        }
    }
    // The padding after the last tensor is not needed to read it (llama.cpp agrees).
    writeBytes(path, whole.substr(0, end));
    QCOMPARE(GgufFile(path).tensors().size(), valid.tensors().size());
}

void TestGgufHostile::brokenFieldsAreNamed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    auto row = [](const char* name, const GgufBytes& b, const char* error) {
        QTest::newRow(name) << QByteArray::fromStdString(b.bytes()) << QString::fromUtf8(error);
    };
    const uint64_t huge = uint64_t(1) << 60;
    // The header (magic, version, two counts) takes 24 bytes, so the first key's name
    // length is at offset 24, its text at 32.
    row("empty file", GgufBytes(), "offset 0: magic: 4 bytes pass the end of the file (0 left)");
    row("wrong magic", GgufBytes().raw("GGML").u32(3).u64(0).u64(0), "offset 0: not a GGUF file");
    row("version 1", GgufBytes().header(0, 0, 1), "offset 4: GGUF version 1 is not supported (only versions 2 and 3)");
    row("version 4", GgufBytes().header(0, 0, 4), "offset 4: unsupported GGUF version 4 (only versions 2 and 3)");
    row("big-endian version", GgufBytes().header(0, 0, 0x03000000), "offset 4: unsupported GGUF version 50331648 (a big-endian file?)");
    row("huge key count", GgufBytes().header(0, huge), "offset 16: key count 1152921504606846976 is more than the file can hold");
    row("huge tensor count", GgufBytes().header(huge, 0), "offset 8: tensor count 1152921504606846976 is more than the file can hold");
    row("key length past the end", GgufBytes().header(0, 1).u64(1000).raw("abc").zeros(10),
        "offset 24: key 0 name: length 1000 passes the end of the file (13 bytes left)");
    row("empty key", GgufBytes().header(0, 1).str("").u32(0).u8(1), "offset 24: key 0: the name is empty");
    row("duplicate key", GgufBytes().header(0, 2).keyU32("a", 1).keyU32("a", 2), "offset 41: key 'a' appears twice");
    row("unknown value type", GgufBytes().header(0, 1).str("a").u32(13).u32(0), "offset 33: key 'a': unknown value type 13");
    row("string length past the end", GgufBytes().header(0, 1).str("a").u32(8).u64(huge).zeros(8),
        "offset 37: key 'a': value: length 1152921504606846976 passes the end of the file");
    row("bool that is 2", GgufBytes().header(0, 1).str("a").u32(7).u8(2).zeros(8), "offset 37: key 'a': bool value 2 is neither 0 nor 1");
    row("huge array count", GgufBytes().header(0, 1).str("a").u32(9).u32(4).u64(huge).zeros(8),
        "offset 41: key 'a': array count 1152921504606846976 is more than the file can hold");
    row("huge string array count", GgufBytes().header(0, 1).str("a").u32(9).u32(8).u64(huge).zeros(8),
        "offset 41: key 'a': array count 1152921504606846976 is more than the file can hold");
    row("string element past the end", GgufBytes().header(0, 1).str("a").u32(9).u32(8).u64(1).u64(100).zeros(8),
        "offset 49: key 'a': array element: length 100 passes the end of the file");
    row("nested array", GgufBytes().header(0, 1).str("a").u32(9).u32(9).u64(1).u32(4).u64(1).u32(5),
        "offset 37: key 'a': nested arrays are not supported");
    row("unknown element type", GgufBytes().header(0, 1).str("a").u32(9).u32(42).u64(1).zeros(8),
        "offset 37: key 'a': unknown array element type 42");
    row("alignment of the wrong type", GgufBytes().header(0, 1).str("general.alignment").u32(10).u64(32),
        "offset 49: key 'general.alignment': is u64, expected u32"); // the 17-byte name from 32
    row("alignment not a power of two", GgufBytes().header(0, 1).keyU32("general.alignment", 48),
        "offset 49: key 'general.alignment': 48 is not a power of two");

    // One tensor info after the header: name at 24 ("w" ends at 33), n_dims at 33, dims
    // from 37, then type and offset.
    auto oneTensor = [](const std::vector<uint64_t>& dims, uint32_t type, uint64_t offset) {
        GgufBytes b;
        b.header(1, 0).tensorInfo("w", dims, type, offset).padTo(32);
        return b;
    };
    row("too many dims", oneTensor({1, 1, 1, 1, 1}, 0, 0).zeros(32), "offset 33: tensor 'w': 5 dimensions (at most 4)");
    row("dims product overflows", oneTensor({uint64_t(1) << 32, uint64_t(1) << 32}, 0, 0),
        "offset 45: tensor 'w': dims product overflows");
    row("dim past int64", oneTensor({uint64_t(1) << 63}, 0, 0), "offset 37: tensor 'w': dims product overflows");
    row("byte size overflows", oneTensor({uint64_t(1) << 62}, 28, 0), "offset 45: tensor 'w': byte size overflows");
    row("unknown tensor type", oneTensor({4}, 77, 0).zeros(32), "offset 45: tensor 'w': unknown ggml type 77");
    row("removed tensor type", oneTensor({4}, 4, 0).zeros(32), "offset 45: tensor 'w': unknown ggml type 4");
    row("partial block", oneTensor({33}, 2, 0).zeros(64),
        "offset 45: tensor 'w': first dim 33 is not a whole number of q4_0 blocks of 32");
    row("misaligned offset", oneTensor({4}, 0, 16).zeros(64),
        "offset 49: tensor 'w': offset 16 is not a multiple of the alignment 32");
    row("tensor past the end", oneTensor({8}, 0, 32).zeros(32),
        "offset 49: tensor 'w': bytes 32..32+32 pass the end of the data section (32 bytes)");
    row("huge offset", oneTensor({8}, 0, uint64_t(1) << 63).zeros(32),
        "offset 49: tensor 'w': bytes 9223372036854775808..9223372036854775808+32 pass the end of the data section");
    row("data section past the end", GgufBytes().header(1, 0).tensorInfo("w", {0}, 0, 0),
        "offset 57: the data section would start at 64, past the end of the file (57 bytes)");
    // Two tensors: "a" (info at 24..56) and "b" (57..89), data from 96.
    row("overlapping tensors", GgufBytes().header(2, 0).tensorInfo("a", {16}, 0, 0).tensorInfo("b", {16}, 0, 32).padTo(32).zeros(96),
        "offset 82: tensor 'b' overlaps tensor 'a'");
    row("duplicate tensor", GgufBytes().header(2, 0).tensorInfo("a", {8}, 0, 0).tensorInfo("a", {8}, 0, 32).padTo(32).zeros(64),
        "offset 57: tensor 'a' appears twice");
    row("long name shortened", GgufBytes().header(0, 1).str(std::string(1000, 'k')).u32(13).u32(0),
        ("offset 1032: key '" + std::string(80, 'k') + "...': unknown value type 13").c_str());
    row("tensor name past the end", GgufBytes().header(1, 0).u64(500).raw("w").zeros(24),
        "offset 24: tensor 0 name: length 500 passes the end of the file");
}

void TestGgufHostile::brokenFieldsAreNamed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    const std::string path = m_dir.filePath(QStringLiteral("broken.gguf")).toStdString();
    writeBytes(path, bytes.toStdString());
    try {
        GgufFile file(path);
        QFAIL("the file was read");
    } catch (const Error& e) {
        const std::string message = e.what();
        QVERIFY2(message.rfind(path + ": ", 0) == 0, e.what());
        QVERIFY2(message.find(error.toStdString()) != std::string::npos, e.what());
    }
}

LW_TEST_GUILESS_MAIN(TestGgufHostile)
#include "test_gguf_hostile.moc"
