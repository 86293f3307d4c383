// Damaged and hostile files: each is refused with one lw::Error that names the file and
// says what is wrong (with the row group, column and page where there is one), and none
// crashes, hangs or allocates what a header merely claims. The files are built here from
// a good fixture or byte by byte (parquet_test_file.h).
#include "core/parquet/parquet_reader.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "parquet_test_file.h"
#include "test_paths.h"
#include "test_registry.h"

#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>
#include <fstream>

using namespace lw;

namespace {

std::string fixtureBytes(const std::string& name)
{
    return util::readFile(std::string(lw::test::sourceDir()) + "/tests/core/parquet/fixtures/" + name);
}

// Opens and reads the whole file; the error's text, or "" when it read.
std::string readError(const std::string& path, int64_t* rows = nullptr)
{
    try {
        const parquet::ParquetReader reader(path);
        int64_t n = 0;
        reader.forEachRow([&](int64_t, const std::vector<parquet::CellValue>&) {
            ++n;
            return true;
        });
        if (rows)
            *rows = n;
        return "";
    } catch (const Error& e) {
        return e.what();
    }
}

std::string withFooterLength(std::string file, uint32_t length)
{
    for (int i = 0; i < 4; ++i)
        file[file.size() - 8 + size_t(i)] = char(length >> (8 * i));
    return file;
}

test::TestPage dictionaryPage(const std::vector<std::string>& values)
{
    test::TestPage page;
    page.type = 2;
    page.stored = test::plainStrings(values);
    page.uncompressedSize = int32_t(page.stored.size());
    page.numValues = int32_t(values.size());
    return page;
}

test::TestPage indexPage(const std::vector<uint32_t>& indices, int bitWidth)
{
    test::TestPage page;
    page.stored = test::dictionaryIndices(indices, bitWidth);
    page.uncompressedSize = int32_t(page.stored.size());
    page.numValues = int32_t(indices.size());
    page.encoding = 8; // RLE_DICTIONARY
    return page;
}

test::TestPage plainPage(const std::vector<std::string>& values, int32_t codec, int64_t declaredSize = -1)
{
    const std::string plain = test::plainStrings(values);
    test::TestPage page;
    page.numValues = int32_t(values.size());
    page.uncompressedSize = int32_t(declaredSize >= 0 ? declaredSize : int64_t(plain.size()));
    if (codec == 1) {
        snappy::Compress(plain.data(), plain.size(), &page.stored);
    } else if (codec == 2) {
        uLongf size = compressBound(uLong(plain.size()));
        page.stored.resize(size);
        compress(reinterpret_cast<Bytef*>(page.stored.data()), &size,
                 reinterpret_cast<const Bytef*>(plain.data()), uLong(plain.size())); // zlib stream
        page.stored.resize(size);
    } else if (codec == 6) {
        page.stored.resize(ZSTD_compressBound(plain.size()));
        page.stored.resize(ZSTD_compress(page.stored.data(), page.stored.size(), plain.data(), plain.size(), 3));
    } else {
        page.stored = plain;
    }
    return page;
}

std::string oneColumnFile(const std::vector<test::TestPage>& pages, int64_t rows, int32_t codec = 0)
{
    test::TestColumn column;
    column.codec = codec;
    return test::buildParquetFile(column, pages, rows);
}

} // namespace

class TestParquetCorrupt : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handBuiltFileReads();
    void damagedFileIsRefused_data();
    void damagedFileIsRefused();
    void everyFlippedByteIsReadOrRefused();

private:
    QTemporaryDir m_dir;
    // A plain write: thousands of scratch files need no fsync.
    std::string write(const std::string& name, const std::string& bytes)
    {
        const std::string path = m_dir.filePath(QString::fromStdString(name)).toStdString();
        std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
        return path;
    }
};

void TestParquetCorrupt::handBuiltFileReads()
{
    // The damaged files below differ from these in one thing each, so these must read.
    const std::vector<std::string> words = {"alpha", "beta", "gamma"};
    const std::vector<uint32_t> indices = {2, 0, 1, 1, 2, 0, 0, 2, 1, 2};
    const std::string dictPath = write("dictionary.parquet", oneColumnFile({dictionaryPage(words), indexPage(indices, 2)}, 10));
    std::vector<std::string> read;
    parquet::ParquetReader(dictPath).forEachRow([&](int64_t, const std::vector<parquet::CellValue>& cells) {
        read.emplace_back(cells[0].text);
        return true;
    });
    std::vector<std::string> expected;
    for (uint32_t i : indices)
        expected.push_back(words[i]);
    QCOMPARE(read, expected);

    for (int32_t codec : {0, 1, 2, 6}) {
        const std::string path = write("plain" + std::to_string(codec) + ".parquet",
                                       oneColumnFile({plainPage(words, codec)}, 3, codec));
        int64_t rows = 0;
        const std::string error = readError(path, &rows);
        QVERIFY2(error.empty(), error.c_str());
        QCOMPARE(rows, int64_t(3));
    }
}

void TestParquetCorrupt::damagedFileIsRefused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, const std::string& bytes, const char* expected) {
        QTest::newRow(name) << QByteArray::fromStdString(bytes) << expected;
    };
    const std::string good = fixtureBytes("duckdb_snappy.parquet");
    row("empty", "", "is not a Parquet file: 0 bytes is too short");
    row("truncated to 11 bytes", good.substr(0, 11), "is not a Parquet file: 11 bytes is too short");
    row("truncated to half", good.substr(0, good.size() / 2), "does not begin and end with PAR1");
    row("bad magic", "PAR2" + good.substr(4), "does not begin and end with PAR1");
    row("encrypted footer", good.substr(0, good.size() - 4) + "PARE", "is an encrypted Parquet file");
    row("footer length beyond the file", withFooterLength(good, uint32_t(good.size())),
        ("footer length " + std::to_string(good.size()) + " is beyond the file").c_str());
    row("footer length short", withFooterLength(good, 40), "footer: ");
    row("footer of zeros", "PAR1" + std::string(20, '\0') + withFooterLength("12345678", 20).substr(0, 4) + "PAR1",
        "footer: ");

    const std::vector<std::string> words = {"alpha", "beta", "gamma"};
    row("dictionary index out of range", oneColumnFile({dictionaryPage(words), indexPage({0, 1, 3, 2}, 2)}, 4),
        "row group 0, column 'text', page 1: dictionary index 3 out of range (dictionary has 3 values)");
    row("dictionary index without a dictionary", oneColumnFile({indexPage({0, 1}, 1)}, 2),
        "row group 0, column 'text', page 0: dictionary-encoded page, but the column chunk has no dictionary page");
    test::TestPage longPage = plainPage(words, 0);
    longPage.compressedSizeOverride = 1000000;
    row("page size beyond the file", oneColumnFile({longPage}, 3),
        "row group 0, column 'text', page 0: page of 1000000 bytes at byte ");
    row("more rows than pages hold", oneColumnFile({plainPage(words, 0)}, 4),
        "row group 0, column 'text', page 0: the column chunk ends after 3 of its 4 values");
    test::TestPage shortStrings = plainPage(words, 0);
    shortStrings.numValues = 4;
    row("more values than the page's bytes", oneColumnFile({shortStrings}, 4),
        "column 'text', page 0: values end inside a string's length");
    test::TestPage cutString = plainPage(words, 0);
    cutString.stored[0] = 100; // the first string claims 100 bytes
    row("string past the page's end", oneColumnFile({cutString}, 3),
        "column 'text', page 0: a string of 100 bytes runs past the page's end");

    // Declared decompressed sizes no page could have, or that the data does not make.
    // The three plain strings take 4 + 5 + 4 + 4 + 4 + 5 = 26 bytes.
    row("huge declared size", oneColumnFile({plainPage(words, 1, 2000000000)}, 3, 1),
        "page declares 2000000000 bytes decompressed, more than the 1073741824 a page may hold");
    row("snappy size lie", oneColumnFile({plainPage(words, 1, 500000000)}, 3, 1),
        "Snappy data decompresses to 26 bytes, but the page header declares 500000000");
    row("gzip size lie", oneColumnFile({plainPage(words, 2, 500000000)}, 3, 2),
        "gzip data decompresses to 26 bytes, but the page header declares 500000000");
    row("zstd size lie", oneColumnFile({plainPage(words, 6, 500000000)}, 3, 6),
        "zstd data decompresses to 26 bytes, but the page header declares 500000000");
    row("gzip longer than declared", oneColumnFile({plainPage(words, 2, 20)}, 3, 2),
        "gzip data decompresses to more than 20 bytes");
    test::TestPage garbage = plainPage(words, 6);
    garbage.stored = std::string(garbage.stored.size(), 'x');
    row("zstd garbage", oneColumnFile({garbage}, 3, 6), "zstd data is corrupt");
}

void TestParquetCorrupt::damagedFileIsRefused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const std::string path = write("damaged.parquet", bytes.toStdString());
    const std::string error = readError(path);
    QVERIFY2(error.rfind(path + ": ", 0) == 0, ("no error naming the file, got: " + error).c_str());
    QVERIFY2(error.find(expected.toStdString()) != std::string::npos, error.c_str());
}

void TestParquetCorrupt::everyFlippedByteIsReadOrRefused()
{
    // Any one byte changed, anywhere: the file reads (a changed value) or is refused by
    // name; nothing else may happen. Under the sanitizer build this also finds bad reads.
    for (const char* name : {"instructions.parquet", "hyparquet_v2_optional_gzip.parquet"}) {
        const std::string good = fixtureBytes(name);
        int refused = 0;
        for (size_t i = 0; i < good.size(); ++i) {
            std::string bytes = good;
            bytes[i] = char(bytes[i] ^ 0x5a);
            // A new name each time: rewriting a file in place makes ext4 flush it to disk.
            const std::string path = write("flipped" + std::to_string(i) + ".parquet", bytes);
            const std::string error = readError(path);
            std::remove(path.c_str());
            if (!error.empty()) {
                ++refused;
                QVERIFY2(error.rfind(path + ": ", 0) == 0, error.c_str());
            }
        }
        // The magic, footer length and most footer bytes are checked: many flips must be caught.
        QVERIFY(refused > 12);
    }
}

LW_TEST_GUILESS_MAIN(TestParquetCorrupt)
#include "test_parquet_corrupt.moc"
