// Importance matrices: sums of squares from known activations equal a hand computation;
// the legacy .dat file is laid out byte for byte as llama-imatrix writes it (built here
// field by field from the layout) and reads back to llama-quantize's importance; the GGUF
// layout round-trips; truncated and corrupt files are refused naming the file and the
// byte offset or tensor.
#include "core/gguf/gguf_value.h"
#include "core/gguf/gguf_writer.h"
#include "core/quant/importance_matrix.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace lw;
using quant::ImportanceEntry;
using quant::ImportanceMatrix;

namespace {

template <typename Call>
std::string imatrixErrorOf(Call call)
{
    try {
        call();
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

void appendLe32(std::string& out, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        out.push_back(char(uint8_t(v >> (8 * i))));
}

void appendFloat(std::string& out, float v)
{
    uint32_t u;
    std::memcpy(&u, &v, sizeof u);
    appendLe32(out, u);
}

// Two matrices: "blk.0.ffn_up.weight" (2 columns) from tokens (1, 2), (3, -1) and then
// (0.5, 2); "blk.0.attn_qkv.weight" (1 column) from the token (4).
ImportanceMatrix knownMatrix()
{
    ImportanceMatrix m;
    const float first[] = {1, 2, 3, -1}, second[] = {0.5f, 2}, qkv[] = {4};
    m.accumulate("blk.0.ffn_up.weight", first, 2, 2);
    m.accumulate("blk.0.ffn_up.weight", second, 1, 2);
    m.accumulate("blk.0.attn_qkv.weight", qkv, 1, 1);
    m.chunkSize = 2;
    m.chunkCount = 2;
    m.datasets = {"calibration-v1"};
    return m;
}

} // namespace

class TestImportanceMatrix : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void accumulationEqualsHandComputation();
    void legacyFileIsLlamaImatrixLayout();
    void ggufLayoutRoundTrips();
    void truncatedLegacyFilesAreRefused();
    void corruptLegacyFieldsAreRefused();
    void corruptGgufFilesAreRefused();
};

void TestImportanceMatrix::accumulationEqualsHandComputation()
{
    const ImportanceMatrix m = knownMatrix();
    // Column 0: 1 + 9 + 0.25 = 10.25; column 1: 4 + 1 + 4 = 9; three tokens.
    const ImportanceEntry* up = m.find("blk.0.ffn_up.weight");
    QVERIFY(up);
    QCOMPARE(up->sumSquares, (std::vector<float>{10.25f, 9.0f}));
    QCOMPARE(up->tokens, int64_t(3));
    // The importance is the mean square per column: 10.25/3 and 3.
    QCOMPARE(m.importance("blk.0.ffn_up.weight"), (std::vector<float>{10.25f / 3.0f, 3.0f}));
    QCOMPARE(m.importance("blk.0.attn_qkv.weight"), (std::vector<float>{16.0f}));
    QVERIFY(m.importance("missing").empty());

    ImportanceMatrix bad = knownMatrix();
    const float three[] = {1, 2, 3};
    QCOMPARE(imatrixErrorOf([&] { bad.accumulate("blk.0.ffn_up.weight", three, 1, 3); }),
             std::string("importance of 'blk.0.ffn_up.weight': 3 columns, earlier 2"));
    const float huge[] = {3e38f};
    QCOMPARE(imatrixErrorOf([&] { bad.accumulate("x", huge, 1, 1); }),
             std::string("importance of 'x': the sum of squares of column 0 is not finite"));
}

void TestImportanceMatrix::legacyFileIsLlamaImatrixLayout()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("m.dat").toStdString();
    knownMatrix().writeLegacy(path);
    // By hand, names sorted: attn_qkv (1 token: ncall = ceil(1/2) = 1, value 16/1*1 = 16),
    // then ffn_up (3 tokens: ncall = ceil(3/2) = 2, values (10.25/3)*2 and (9/3)*2 = 6);
    // then the chunk count and the dataset name.
    std::string expected;
    appendLe32(expected, 2);
    appendLe32(expected, 21);
    expected += "blk.0.attn_qkv.weight";
    appendLe32(expected, 1);
    appendLe32(expected, 1);
    appendFloat(expected, 16.0f);
    appendLe32(expected, 19);
    expected += "blk.0.ffn_up.weight";
    appendLe32(expected, 2);
    appendLe32(expected, 2);
    appendFloat(expected, (10.25f / 3.0f) * 2.0f);
    appendFloat(expected, 6.0f);
    appendLe32(expected, 2);
    appendLe32(expected, 14);
    expected += "calibration-v1";
    QCOMPARE(util::readFile(path), expected);

    // Read back: llama-quantize's importance is the stored value / ncall.
    const ImportanceMatrix back = ImportanceMatrix::read(path);
    QCOMPARE(back.importance("blk.0.ffn_up.weight"), (std::vector<float>{(10.25f / 3.0f) * 2.0f / 2.0f, 3.0f}));
    QCOMPARE(back.importance("blk.0.attn_qkv.weight"), (std::vector<float>{16.0f}));
    QCOMPARE(back.chunkCount, 2);
    QCOMPARE(back.datasets, (std::vector<std::string>{"calibration-v1"}));

    // The chunk count and dataset name are optional.
    const std::string entriesOnly = expected.substr(0, expected.size() - 4 - 4 - 14);
    util::writeFileAtomic(path, entriesOnly);
    QCOMPARE(ImportanceMatrix::readLegacy(path).entries().size(), size_t(2));
}

void TestImportanceMatrix::ggufLayoutRoundTrips()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("m.gguf").toStdString();
    const ImportanceMatrix m = knownMatrix();
    m.writeGguf(path);
    const ImportanceMatrix back = ImportanceMatrix::read(path);
    QCOMPARE(back.entries().size(), size_t(2));
    for (const auto& [name, e] : m.entries()) {
        QVERIFY(back.find(name));
        QCOMPARE(back.find(name)->sumSquares, e.sumSquares);
        QCOMPARE(back.find(name)->tokens, e.tokens);
        QCOMPARE(back.importance(name), m.importance(name));
    }
    QCOMPARE(back.datasets, m.datasets);
    QCOMPARE(back.chunkCount, 2);
    QCOMPARE(back.chunkSize, 2);
}

void TestImportanceMatrix::truncatedLegacyFilesAreRefused()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("m.dat").toStdString();
    knownMatrix().writeLegacy(path);
    const std::string whole = util::readFile(path);
    // Every cut inside the entries fails; cuts in the optional trailer fail too, except
    // the one right after the entries (no trailer at all).
    const size_t entriesEnd = whole.size() - 4 - 4 - 14;
    for (size_t cut = 0; cut < whole.size(); ++cut) {
        if (cut == entriesEnd)
            continue;
        util::writeFileAtomic(path, whole.substr(0, cut));
        const std::string message = imatrixErrorOf([&] { ImportanceMatrix::readLegacy(path); });
        QVERIFY2(message.rfind(path + ": byte ", 0) == 0, qPrintable(QString::number(cut) + ": " +
                                                                     QString::fromStdString(message)));
    }
}

void TestImportanceMatrix::corruptLegacyFieldsAreRefused()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("m.dat").toStdString();
    knownMatrix().writeLegacy(path);
    const std::string whole = util::readFile(path);
    auto patched = [&](size_t offset, uint32_t v) {
        std::string bytes = whole;
        std::string field;
        appendLe32(field, v);
        bytes.replace(offset, 4, field);
        util::writeFileAtomic(path, bytes);
        return imatrixErrorOf([&] { ImportanceMatrix::readLegacy(path); });
    };
    // Offsets: 0 entry count, 4 first name length, 29 its ncall, 33 its value count.
    QCOMPARE(patched(0, 0), path + ": byte 0: entry count 0 does not fit the file");
    QCOMPARE(patched(0, 1000000), path + ": byte 0: entry count 1000000 does not fit the file");
    QCOMPARE(patched(4, uint32_t(-5)), path + ": byte 4: entry 0: name length -5");
    QCOMPARE(patched(4, 5000), path + ": byte 4: entry 0: name length 5000 exceeds the 94 bytes left");
    QCOMPARE(patched(29, uint32_t(-1)), path + ": byte 29: entry 0 'blk.0.attn_qkv.weight': call count -1");
    QCOMPARE(patched(33, 0), path + ": byte 33: entry 0 'blk.0.attn_qkv.weight': value count 0 does not fit "
                                    "the 65 bytes left");
    QCOMPARE(patched(33, 0x40000000), path + ": byte 33: entry 0 'blk.0.attn_qkv.weight': value count 1073741824 "
                                             "does not fit the 65 bytes left");
    util::writeFileAtomic(path, whole + "xy");
    QCOMPARE(imatrixErrorOf([&] { ImportanceMatrix::readLegacy(path); }),
             path + ": byte " + std::to_string(whole.size()) + ": 2 unexpected bytes after the dataset name");
}

void TestImportanceMatrix::corruptGgufFilesAreRefused()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("m.gguf").toStdString();
    const float sums[] = {1, 2}, count = 3, twoCounts[] = {3, 4};
    auto written = [&](auto addTensors, bool withKeys = true) {
        gguf::GgufWriter w;
        if (withKeys) {
            w.add("imatrix.datasets", gguf::GgufValue::stringArray({"d"}));
            w.add("imatrix.chunk_count", gguf::GgufValue::u32(1));
            w.add("imatrix.chunk_size", gguf::GgufValue::u32(512));
        }
        addTensors(w);
        w.write(path);
        return imatrixErrorOf([&] { ImportanceMatrix::read(path); });
    };
    auto sumsOnly = [&](gguf::GgufWriter& w) {
        w.addTensor("a.in_sum2", {2, 1}, gguf::GgmlType::F32, sums, sizeof sums);
    };
    QCOMPARE(written(sumsOnly), path + ": tensor 'a.in_sum2' has no 'a.counts'");
    QVERIFY(written([&](gguf::GgufWriter& w) {
                sumsOnly(w);
                w.addTensor("a.counts", {1, 1}, gguf::GgmlType::F32, &count, sizeof count);
            }, false).find("imatrix.datasets") != std::string::npos);
    QCOMPARE(written([&](gguf::GgufWriter& w) {
                 w.addTensor("a.in_sum2", {1, 2}, gguf::GgmlType::F32, sums, sizeof sums);
                 w.addTensor("a.counts", {1, 2}, gguf::GgmlType::F32, twoCounts, sizeof twoCounts);
             }),
             path + ": 'a' has 2 counts: only matrices with one count (not experts) are supported");
    QCOMPARE(written([&](gguf::GgufWriter& w) {
                 sumsOnly(w);
                 w.addTensor("b.counts", {1, 1}, gguf::GgmlType::F32, &count, sizeof count);
                 w.addTensor("a.counts", {1, 1}, gguf::GgmlType::F32, &count, sizeof count);
             }),
             path + ": tensor 'b.counts' has no sums");
    const float negative = -1;
    QCOMPARE(written([&](gguf::GgufWriter& w) {
                 sumsOnly(w);
                 w.addTensor("a.counts", {1, 1}, gguf::GgmlType::F32, &negative, sizeof negative);
             }),
             path + ": tensor 'a.counts' holds -1.000000, not a token count");
}

LW_TEST_GUILESS_MAIN(TestImportanceMatrix)
#include "test_importance_matrix.moc"
