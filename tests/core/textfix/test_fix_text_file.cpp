// Whole-file repair: the fixtures come out as make_fixtures.py says, with the counts it
// wrote; legacy files (windows-1258, windows-1252, UTF-16 with BOM) are detected and
// converted; valid UTF-8 is never converted; line ends survive; the input is never
// touched and a cancelled repair leaves nothing behind.
#include "core/textfix/encoding_detect.h"
#include "core/textfix/fix_text_file.h"
#include "core/textfix/utf32.h"
#include "core/util/error.h"
#include "test_registry.h"
#include "textfix_fixtures.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace lw;
using namespace lw::textfix;

class TestFixTextFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixtureFileGivesTheScriptsOutputAndCounts();
    void legacyFilesAreDetectedAndConverted_data();
    void legacyFilesAreDetectedAndConverted();
    void validUtf8IsNeverConverted();
    void lineEndsAreKept();
    void cancelLeavesNothingBehind();
    void outputMustDifferFromInput();

private:
    QTemporaryDir m_dir;
    std::string path(const std::string& name) const { return m_dir.filePath(QString::fromStdString(name)).toStdString(); }
};

void TestFixTextFile::fixtureFileGivesTheScriptsOutputAndCounts()
{
    const std::string input = test::textfixFixture("lines.txt");
    const std::string before = util::readFile(input);
    const std::string out = path("lines.fixed.txt");
    const FixTextReport report = fixTextFile(input, out);
    QCOMPARE(util::readFile(out), util::readFile(test::textfixFixture("lines.expected.txt")));
    QCOMPARE(util::readFile(input), before);
    QVERIFY(!report.converted);
    QCOMPARE(report.encoding, std::string("UTF-8"));

    const auto expected = test::expectedLines();
    const auto& counts = expected.totals["counts"];
    QCOMPARE(report.repaired, counts["repaired"].get<int64_t>());
    QCOMPARE(report.unchanged, counts["unchanged"].get<int64_t>());
    QCOMPARE(report.flagged, counts["flagged"].get<int64_t>());
    QCOMPARE(report.lines, int64_t(expected.lines.size()));
    // Every "<cause>/<status>" the script counted, and no other.
    std::map<std::string, int64_t> got;
    for (const auto& [cause, c] : report.causes) {
        if (c.repaired)
            got[cause + "/repaired"] = c.repaired;
        if (c.flagged)
            got[cause + "/flagged"] = c.flagged;
    }
    std::map<std::string, int64_t> want;
    for (const auto& [key, value] : expected.totals["causes"].items())
        want[key] = value.get<int64_t>();
    QCOMPARE(got, want);

    // Samples name real lines: the "before" of each is that line of the input.
    const auto lines = test::fixtureLines("lines.txt");
    const auto json = report.toJson();
    QCOMPARE(json["repaired"].get<int64_t>(), report.repaired);
    for (const auto& [cause, c] : json["causes"].items()) {
        QVERIFY(!c["samples"].empty());
        QVERIFY(c["samples"].size() <= FixTextReport::kSamplesPerCause);
        for (const auto& s : c["samples"])
            QCOMPARE(s["before"].get<std::string>(), lines.at(s["line"].get<size_t>() - 1));
    }
}

void TestFixTextFile::legacyFilesAreDetectedAndConverted_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("encodingPrefix");
    QTest::newRow("windows-1258 Vietnamese") << "vi_windows1258" << "WINDOWS-1258";
    QTest::newRow("windows-1252 French") << "fr_windows1252" << "WINDOWS-1252";
    QTest::newRow("UTF-16 LE with BOM") << "de_utf16le_bom" << "UTF-16LE";
}

void TestFixTextFile::legacyFilesAreDetectedAndConverted()
{
    QFETCH(QString, name);
    QFETCH(QString, encodingPrefix);
    const std::string input = test::textfixFixture(name.toStdString() + ".txt");
    const std::string out = path(name.toStdString() + ".fixed.txt");
    const FixTextReport report = fixTextFile(input, out);
    const std::string expected = util::readFile(test::textfixFixture(name.toStdString() + ".expected.txt"));
    QCOMPARE(util::readFile(out), expected);
    QVERIFY(report.converted);
    QVERIFY2(QString::fromStdString(report.encoding).startsWith(encodingPrefix), report.encoding.c_str());
    // Each line with a letter beyond ASCII was changed by the conversion, the others not.
    int64_t nonAscii = 0, all = 0;
    for (const auto& line : test::fixtureLines(name.toStdString() + ".expected.txt")) {
        ++all;
        nonAscii += isAscii(line) ? 0 : 1;
    }
    QCOMPARE(report.lines, all);
    QCOMPARE(report.repaired, nonAscii);
    QCOMPARE(report.flagged, int64_t(0));
    QCOMPARE(report.causes.size(), size_t(1));
    QVERIFY(report.causes.begin()->first.rfind("encoding:", 0) == 0);
}

void TestFixTextFile::validUtf8IsNeverConverted()
{
    // Over two read blocks of valid UTF-8, with a 4-byte character across the first
    // block's end: detection must not take the cut character for a legacy encoding.
    std::string text;
    while (text.size() < (size_t(1) << 20) - 2)
        text += "Tiếng Việt, français, Größe.\n";
    text.resize((size_t(1) << 20) - 2);
    text += "\xF0\x9F\x98\x80 end\n";
    while (text.size() < (size_t(5) << 19))
        text += "Đà Lạt. Mô hình. Ça coûte.\n";
    const std::string input = path("valid.txt");
    util::writeFileAtomic(input, text);
    QVERIFY(!detectEncoding(std::string_view(text).substr(0, size_t(1) << 20), false).name.empty());
    const FixTextReport report = fixTextFile(input, path("valid.fixed.txt"));
    QVERIFY(!report.converted);
    QCOMPARE(report.repaired + report.flagged, int64_t(0));
    QCOMPARE(util::readFile(path("valid.fixed.txt")), text);
}

void TestFixTextFile::lineEndsAreKept()
{
    // CRLF lines stay CRLF, and a last line without a newline gets none.
    const std::string input = path("crlf.txt");
    util::writeFileAtomic(input, "M\xC3\x83\xC2\xB4 h\xC3\x83\xC2\xACnh\r\nplain\r\nlast \xC3\x83\xC2\xA9");
    const FixTextReport report = fixTextFile(input, path("crlf.fixed.txt"));
    QCOMPARE(util::readFile(path("crlf.fixed.txt")), std::string("Mô hình\r\nplain\r\nlast é"));
    QCOMPARE(report.lines, int64_t(3));
    QCOMPARE(report.repaired, int64_t(2));
}

void TestFixTextFile::cancelLeavesNothingBehind()
{
    QTemporaryDir dir;
    const std::string input = path("big.txt");
    std::string text;
    while (text.size() < (size_t(3) << 20))
        text += "M\xC3\x83\xC2\xB4 h\xC3\x83\xC2\xACnh ng\xC3\x83\xC2\xB4n ng\xC3\xA1\xC2\xBB\xC2\xAF.\n";
    util::writeFileAtomic(input, text);
    const std::string out = dir.filePath("out.txt").toStdString();
    int calls = 0;
    bool doneWithinTotal = true;
    try {
        fixTextFile(input, out, [&](int64_t done, int64_t total) {
            ++calls;
            doneWithinTotal = done > 0 && done <= total;
            return false;
        });
        QFAIL("a cancelled repair returned");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("cancelled"), e.what());
    }
    QCOMPARE(calls, 1);
    QVERIFY(doneWithinTotal);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
    QCOMPARE(util::readFile(input), text);
}

void TestFixTextFile::outputMustDifferFromInput()
{
    const std::string input = path("same.txt");
    util::writeFileAtomic(input, "caf\xC3\x83\xC2\xA9\n");
    QVERIFY_THROWS_EXCEPTION(Error, fixTextFile(input, input));
    QCOMPARE(util::readFile(input), std::string("caf\xC3\x83\xC2\xA9\n"));
}

LW_TEST_GUILESS_MAIN(TestFixTextFile)
#include "test_fix_text_file.moc"
