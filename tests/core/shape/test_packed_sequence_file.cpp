// Packed SFT and preference files: what is written reads back, and a truncated or
// damaged file is refused with an error naming the file and what is wrong, never read
// past its end. Byte offsets below follow the layout in packed_sequence_file.h.
#include "core/shape/packed_sequence_file.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>

using namespace lw;

namespace {

// Two sft rows: [5, 6, 7] with flags 0 1 1 and [9] with flag 1; vocabulary 10, eos 9.
// Size: 64 header + 8 * 3 offsets + 8 * 2 row indexes + 4 * 4 tokens + 4 flags = 124.
constexpr size_t kSampleBytes = 124;
constexpr size_t kOffsetsAt = 64, kRowIndexAt = 88, kTokensAt = 104, kLossAt = 120;

void writeSample(const std::string& path)
{
    shape::PackedSequenceWriter writer(path, shape::PackedKind::Sft, 10, 9, 128);
    const std::vector<int32_t> a = {5, 6, 7}, b = {9};
    const std::vector<uint8_t> fa = {0, 1, 1}, fb = {1};
    writer.addRow(0, {&a}, {&fa});
    writer.addRow(3, {&b}, {&fb});
    writer.commit();
}

void putU64At(std::string& bytes, size_t offset, uint64_t value)
{
    for (int i = 0; i < 8; ++i)
        bytes[offset + size_t(i)] = char(uint8_t(value >> (8 * i)));
}

} // namespace

class TestPackedSequenceFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readsBackWhatWasWritten();
    void preferenceRowsHoldTwoSequences();
    void writerRefusesBadRows();
    void damagedFilesAreRefused_data();
    void damagedFilesAreRefused();

private:
    QTemporaryDir m_dir;
    std::string m_sample;
};

void TestPackedSequenceFile::initTestCase()
{
    m_sample = m_dir.filePath("sample.bin").toStdString();
    writeSample(m_sample);
    QCOMPARE(util::readFile(m_sample).size(), kSampleBytes);
}

void TestPackedSequenceFile::readsBackWhatWasWritten()
{
    shape::PackedSequenceFile file(m_sample);
    QCOMPARE(file.rows(), uint64_t(2));
    QCOMPARE(file.sequences(), uint64_t(2));
    QCOMPARE(file.header().vocabSize, uint64_t(10));
    QCOMPARE(file.header().eosId, int64_t(9));
    QCOMPARE(file.header().context, uint32_t(128));
    QCOMPARE(file.rowIndex(1), uint64_t(3));
    QCOMPARE(file.tokens(0), (std::vector<int32_t>{5, 6, 7}));
    QCOMPARE(file.loss(0), (std::vector<uint8_t>{0, 1, 1}));
    QCOMPARE(file.tokens(1), (std::vector<int32_t>{9}));
    QCOMPARE(file.length(1), uint64_t(1));
    QVERIFY_THROWS_EXCEPTION(Error, file.tokens(2));
    QVERIFY_THROWS_EXCEPTION(Error, file.length(5));
    // Little-endian on disk: token 5 is 05 00 00 00 at the first token's offset.
    const std::string bytes = util::readFile(m_sample);
    QCOMPARE(bytes.substr(kTokensAt, 4), std::string("\x05\0\0\0", 4));
    QCOMPARE(bytes.substr(0, 8), std::string("LWSEQ\0\0\x01", 8));
}

void TestPackedSequenceFile::preferenceRowsHoldTwoSequences()
{
    const std::string path = m_dir.filePath("pairs.bin").toStdString();
    shape::PackedSequenceWriter writer(path, shape::PackedKind::Preference, 100, -1, 0);
    const std::vector<int32_t> chosen = {1, 2, 3}, rejected = {1, 2, 4, 5};
    const std::vector<uint8_t> fc = {0, 1, 1}, fr = {0, 1, 1, 1};
    writer.addRow(0, {&chosen, &rejected}, {&fc, &fr});
    QVERIFY_THROWS_EXCEPTION(Error, writer.addRow(1, {&chosen}, {&fc})); // a pair needs two
    writer.commit();
    shape::PackedSequenceFile file(path);
    QCOMPARE(file.header().kind, shape::PackedKind::Preference);
    QCOMPARE(file.header().eosId, int64_t(-1));
    QCOMPARE(file.sequences(), uint64_t(2));
    QCOMPARE(file.tokens(1), rejected);
    QCOMPARE(file.loss(1), fr);
}

void TestPackedSequenceFile::writerRefusesBadRows()
{
    shape::PackedSequenceWriter writer(m_dir.filePath("bad.bin").toStdString(), shape::PackedKind::Sft, 10, -1, 0);
    const std::vector<int32_t> outside = {10}, negative = {-1}, fine = {1, 2};
    const std::vector<uint8_t> one = {1}, two = {1, 1}, notAFlag = {2};
    QVERIFY_THROWS_EXCEPTION(Error, writer.addRow(0, {&outside}, {&one}));
    QVERIFY_THROWS_EXCEPTION(Error, writer.addRow(0, {&negative}, {&one}));
    QVERIFY_THROWS_EXCEPTION(Error, writer.addRow(0, {&fine}, {&one}));
    QVERIFY_THROWS_EXCEPTION(Error, writer.addRow(0, {&outside}, {&notAFlag}));
    writer.addRow(4, {&fine}, {&two});
    QVERIFY_THROWS_EXCEPTION(Error, writer.addRow(4, {&fine}, {&two})); // row indexes increase
    QVERIFY_THROWS_EXCEPTION(Error, shape::PackedSequenceWriter(m_dir.filePath("v.bin").toStdString(),
                                                                shape::PackedKind::Sft, 0, -1, 0));
}

void TestPackedSequenceFile::damagedFilesAreRefused_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << "empty" << "too short";
    QTest::newRow("half a header") << "header" << "too short";
    QTest::newRow("last byte missing") << "truncate" << "truncated";
    QTest::newRow("extra byte") << "append" << "trailing bytes";
    QTest::newRow("magic") << "magic" << "not a packed sequence file";
    QTest::newRow("version") << "version" << "format version 2";
    QTest::newRow("kind") << "kind" << "unknown kind 7";
    QTest::newRow("reserved") << "reserved" << "at byte 60: reserved";
    QTest::newRow("vocabulary") << "vocab" << "vocabulary size 0";
    QTest::newRow("eos past vocabulary") << "eos" << "end-of-sequence id 10";
    QTest::newRow("huge counts") << "huge" << "promises more";
    QTest::newRow("rows vs sequences") << "rows" << "sequences for 3 rows";
    QTest::newRow("offset order") << "offset" << "at byte 72: sequence offset 5";
    QTest::newRow("row order") << "row" << "row indexes must increase";
    QTest::newRow("token id") << "token" << "at byte 104: token id 10";
    QTest::newRow("loss flag") << "flag" << "at byte 121: loss flag 2";
}

void TestPackedSequenceFile::damagedFilesAreRefused()
{
    QFETCH(QString, damage);
    QFETCH(QString, message);
    std::string bytes = util::readFile(m_sample);
    const std::string d = damage.toStdString();
    if (d == "empty")
        bytes.clear();
    else if (d == "header")
        bytes.resize(30);
    else if (d == "truncate")
        bytes.pop_back();
    else if (d == "append")
        bytes.push_back('\0');
    else if (d == "magic")
        bytes[0] = 'X';
    else if (d == "version")
        bytes[7] = 2;
    else if (d == "kind")
        bytes[8] = 7;
    else if (d == "reserved")
        bytes[60] = 1;
    else if (d == "vocab")
        putU64At(bytes, 40, 0);
    else if (d == "eos")
        putU64At(bytes, 48, 11); // id 10 in a vocabulary of 10
    else if (d == "huge") {
        putU64At(bytes, 16, uint64_t(1) << 61);
        putU64At(bytes, 24, uint64_t(1) << 61);
    } else if (d == "rows")
        putU64At(bytes, 16, 3);
    else if (d == "offset")
        putU64At(bytes, kOffsetsAt + 8, 5); // past the 4 tokens
    else if (d == "row")
        putU64At(bytes, kRowIndexAt + 8, 0);
    else if (d == "token")
        bytes[kTokensAt] = 10;
    else if (d == "flag")
        bytes[kLossAt + 1] = 2;
    const std::string path = m_dir.filePath("damaged-" + damage + ".bin").toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    try {
        shape::PackedSequenceFile file(path);
        QFAIL("a damaged file was accepted");
    } catch (const Error& e) {
        const std::string what = e.what();
        QVERIFY2(what.find(path) != std::string::npos, what.c_str());
        QVERIFY2(what.find(message.toStdString()) != std::string::npos, what.c_str());
    }
}

LW_TEST_GUILESS_MAIN(TestPackedSequenceFile)
#include "test_packed_sequence_file.moc"
