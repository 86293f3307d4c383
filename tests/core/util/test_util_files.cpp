// Atomic writes, checksums, JSON and text decoding errors.
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "core/util/json_io.h"
#include "core/util/sha256.h"
#include "core/util/text_file.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

class TestUtilFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void atomicWriteRoundTripsBytes();
    void atomicWriterLeavesNoTempOnFailure();
    void sha256MatchesKnownVectors();
    void jsonErrorNamesLineAndColumn();
    void textDecodingRejectsInvalidUtf8WithLine();
    void textDecodingConvertsUtf16();
    void invalidUtf8IsReplaced_data();
    void invalidUtf8IsReplaced();
    void emptyFileIsAnError();
};

void TestUtilFiles::atomicWriteRoundTripsBytes()
{
    QTemporaryDir dir;
    std::string path = dir.filePath("a/b/data.bin").toStdString();
    std::string bytes;
    for (int i = 0; i < 3'000'000; ++i)
        bytes.push_back(static_cast<char>((i * 131) & 0xff));
    lw::util::writeFileAtomic(path, bytes);
    QCOMPARE(lw::util::readFile(path), bytes);
    QCOMPARE(lw::util::sha256FileHex(path), lw::util::sha256Hex(bytes));
}

void TestUtilFiles::atomicWriterLeavesNoTempOnFailure()
{
    QTemporaryDir dir;
    std::string path = dir.filePath("target.txt").toStdString();
    lw::util::writeFileAtomic(path, "old");
    {
        lw::util::AtomicFileWriter writer(path);
        writer.write("new contents that are never committed");
    } // destroyed without commit, like a write interrupted by an exception
    QCOMPARE(lw::util::readFile(path), std::string("old"));
    int files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir.path().toStdString())) {
        (void)e;
        ++files;
    }
    QCOMPARE(files, 1);
}

void TestUtilFiles::sha256MatchesKnownVectors()
{
    // FIPS 180-2 test vectors.
    QCOMPARE(lw::util::sha256Hex(""), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(lw::util::sha256Hex("abc"), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

void TestUtilFiles::jsonErrorNamesLineAndColumn()
{
    try {
        lw::util::parseJson("{\n  \"a\": 1,\n  \"b\": ]\n}", "cfg.json");
        QFAIL("expected an error");
    } catch (const lw::Error& e) {
        QString msg = e.what();
        QVERIFY2(msg.startsWith("cfg.json:3: column 8"), qPrintable(msg));
    }
}

void TestUtilFiles::textDecodingRejectsInvalidUtf8WithLine()
{
    std::string latin1 = "first line\nsecond caf\xe9 line\n";
    try {
        lw::util::decodeTextToUtf8(latin1, "corpus.txt");
        QFAIL("expected an error");
    } catch (const lw::Error& e) {
        QString msg = e.what();
        QVERIFY2(msg.startsWith("corpus.txt:2: column 11"), qPrintable(msg));
        QVERIFY(msg.contains("not valid UTF-8"));
    }
    QCOMPARE(lw::util::findInvalidUtf8("caf\xc3\xa9"), std::string_view::npos);
    QCOMPARE(lw::util::findInvalidUtf8("\xed\xa0\x80"), size_t(0)); // encoded surrogate
    QCOMPARE(lw::util::findInvalidUtf8("ab\xc0\xaf"), size_t(2));     // overlong '/'
}

void TestUtilFiles::invalidUtf8IsReplaced_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray fffd("\xef\xbf\xbd");
    QTest::newRow("valid text is kept") << QByteArray("caf\xc3\xa9 \xe2\x82\xac") << QByteArray("caf\xc3\xa9 \xe2\x82\xac");
    QTest::newRow("a byte that starts nothing") << QByteArray("a\xff" "b") << "a" + fffd + "b";
    QTest::newRow("a character cut short") << QByteArray("x\xe2\x82") << "x" + fffd;
    QTest::newRow("overlong with its continuation") << QByteArray("\xc0\xaf!") << fffd + "!";
    QTest::newRow("lone continuation bytes") << QByteArray("\x80\x80z") << fffd + "z";
    QTest::newRow("encoded surrogate") << QByteArray("\xed\xa0\x80.") << fffd + ".";
}

void TestUtilFiles::invalidUtf8IsReplaced()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, expected);
    const std::string out = lw::util::withValidUtf8(std::string_view(bytes.constData(), size_t(bytes.size())));
    QCOMPARE(QByteArray::fromStdString(out), expected);
    QCOMPARE(lw::util::findInvalidUtf8(out), std::string_view::npos);
}

void TestUtilFiles::textDecodingConvertsUtf16()
{
    // "hé😀" in UTF-16LE with a BOM.
    std::string utf16 = std::string("\xFF\xFE", 2) + std::string("h\0\xE9\0\x3D\xD8\x00\xDE", 8);
    QCOMPARE(lw::util::decodeTextToUtf8(utf16, "u16.txt"), std::string("h\xC3\xA9\xF0\x9F\x98\x80"));
}

void TestUtilFiles::emptyFileIsAnError()
{
    QTemporaryDir dir;
    std::string path = dir.filePath("empty.txt").toStdString();
    lw::util::writeFileAtomic(path, "");
    QVERIFY_THROWS_EXCEPTION(lw::Error, lw::util::readTextFileUtf8(path));
    QCOMPARE(lw::util::readTextFileUtf8(path, true), std::string());
}

LW_TEST_GUILESS_MAIN(TestUtilFiles)
#include "test_util_files.moc"
