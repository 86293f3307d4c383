// Line repair against the fixtures of make_fixtures.py: mojibake through five code
// pages, once and twice, and with cp1252's lost bytes, comes back as the sentence that
// was damaged; correct text (including Portuguese Ã, Romanian Â, °, ©, quotes) comes
// back byte for byte; what cannot be told is flagged and left as it was.
#include "core/textfix/line_repair.h"
#include "core/textfix/mojibake.h"
#include "core/textfix/oddness.h"
#include "core/textfix/utf32.h"
#include "test_registry.h"
#include "textfix_fixtures.h"

#include <QtTest>
#include <chrono>
#include <unicode/uchar.h>

using namespace lw;
using namespace lw::textfix;

class TestLineRepair : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixtureLinesRepairAsTheScriptSays();
    void invalidUtf8WithOneLostByteIsRepaired();
    void invalidUtf8OfAnotherEncodingIsFlagged();
    void nfcComposesDecomposedVietnamese();
    void cleanTextTakesTheFastPath();
    void lettersOfOneLanguageSideBySideStayUnchanged();
    void tablesFormulasAndOtherScriptsStayUnchanged();
};

void TestLineRepair::fixtureLinesRepairAsTheScriptSays()
{
    const auto input = test::fixtureLines("lines.txt");
    const auto output = test::fixtureLines("lines.expected.txt");
    const auto expected = test::expectedLines();
    QCOMPARE(input.size(), expected.lines.size());
    QCOMPARE(output.size(), expected.lines.size());
    int failures = 0;
    for (size_t i = 0; i < input.size(); ++i) {
        const LineRepair r = repairLine(input[i]);
        const std::string status = expected.lines[i]["status"];
        const std::string cause = expected.lines[i]["cause"];
        if (r.text != output[i] || lineStatusName(r.status) != status || r.cause != cause) {
            ++failures;
            qWarning("line %zu: got %s %s \"%s\", expected %s %s \"%s\" (input \"%s\", oddness %d)", i + 1,
                     lineStatusName(r.status), r.cause.c_str(), r.text.c_str(), status.c_str(), cause.c_str(),
                     output[i].c_str(), input[i].c_str(), oddness(toUtf32(input[i])));
        }
    }
    QCOMPARE(failures, 0);
}

void TestLineRepair::invalidUtf8WithOneLostByteIsRepaired()
{
    // "Đà Lạt" is C4 90, C3 A0 ... in UTF-8; without the 0x90 (a byte cp1252 has no
    // character for) the C4 has no continuation. Of C4 81 ā, C4 8D č, C4 8F ď, C4 90 Đ
    // and C4 9D ĝ only Đ is a Vietnamese letter, as à and ạ around it are.
    const std::string damaged = "\xC4\xC3\xA0 L\xE1\xBA\xA1t";
    const LineRepair r = repairLine(damaged);
    QCOMPARE(r.text, std::string("Đà Lạt"));
    QCOMPARE(lineStatusName(r.status), "repaired");
    QCOMPARE(r.cause, std::string("invalid-utf8"));
}

void TestLineRepair::invalidUtf8OfAnotherEncodingIsFlagged()
{
    // Latin-1 "café au lait" in a UTF-8 file: E9 starts a 3-byte sequence that " a"
    // cannot continue; the line is kept as it was.
    const std::string latin1 = "caf\xE9 au lait";
    const LineRepair r = repairLine(latin1);
    QCOMPARE(r.text, latin1);
    QCOMPARE(lineStatusName(r.status), "flagged");
    QCOMPARE(r.cause, std::string("invalid-utf8"));
}

void TestLineRepair::nfcComposesDecomposedVietnamese()
{
    // "ệ" decomposed is e, U+0323 (dot below), U+0302 (circumflex); NFC makes U+1EC7.
    const std::string decomposed = "Vi\x65\xCC\xA3\xCC\x82t";
    QCOMPARE(normalizeNfc(decomposed), std::string("Vi\xE1\xBB\x87t"));
    QVERIFY(!isNfc(decomposed));
    QVERIFY(isNfc("Vi\xE1\xBB\x87t"));
    QCOMPARE(normalizeNfc("plain ASCII"), std::string("plain ASCII"));
}

void TestLineRepair::cleanTextTakesTheFastPath()
{
    // Not a benchmark: a guard that clean fields stay cheap for importers (a regression
    // to the full repair path on every line would be >10x slower than this bound).
    const std::string ascii = "The quick model learns from plain text files, line after line.";
    const std::string vietnamese = "Mô hình ngôn ngữ học từ dữ liệu văn bản.";
    const int n = 200000;
    size_t bytes = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
        bytes += repairLine(ascii).text.size();
        bytes += repairLine(vietnamese).text.size();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    QCOMPARE(bytes, size_t(n) * (ascii.size() + vietnamese.size()));
    qInfo("clean lines: %.0f MB/s", double(bytes) / seconds / 1e6);
    QVERIFY2(seconds < 5.0, "repairLine on clean text is far slower than expected");
}

void TestLineRepair::lettersOfOneLanguageSideBySideStayUnchanged()
{
    // Every pair of accented letters of one language, in words of every case shape
    // ("xaby", "XABY", "Abc"): correct text the repair must not touch, whatever bytes
    // its letters have in a legacy code page.
    const std::u32string languages[] = {
        U"àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ", // Vietnamese
        U"àâæçéèêëîïôœùûüÿ", U"äöüß", U"áàâãçéêíóôõúüñ", U"ăâîșț", U"çğıöşü", U"ąćęłńóśźż",
        U"áčďéěíňóřšťúůýž", U"åäöøæ"};
    int checked = 0;
    QStringList changed;
    for (const auto& lower : languages) {
        std::u32string upper;
        for (char32_t c : lower)
            upper.push_back(static_cast<char32_t>(u_toupper(static_cast<UChar32>(c))));
        for (size_t i = 0; i < lower.size(); ++i) {
            for (size_t j = 0; j < lower.size(); ++j) {
                const std::u32string words[] = {U"x" + std::u32string{lower[i], lower[j]} + U"y",
                                                U"X" + std::u32string{upper[i], upper[j]} + U"Y",
                                                U"go " + std::u32string{upper[i], lower[j]} + U"c."};
                // Â or Ã before a cp1252 symbol letter (œ, Ÿ) is the very mark of mojibake
                // ("Âœ" is U+009C misread), and no language writes it.
                const bool mojibakeMark = (upper[i] == U'Â' || upper[i] == U'Ã') && (lower[j] == U'œ' || lower[j] == U'ÿ');
                for (const auto& word : words) {
                    if (mojibakeMark)
                        continue;
                    ++checked;
                    const std::string line = toUtf8(word);
                    if (repairLine(line).status != LineStatus::Unchanged)
                        changed << QString::fromStdString(line);
                }
            }
        }
    }
    QVERIFY(checked > 10000);
    QVERIFY2(changed.isEmpty(), qPrintable(changed.join(" | ")));
}

void TestLineRepair::tablesFormulasAndOtherScriptsStayUnchanged()
{
    const char* lines[] = {
        "│ tên │ giá │", "├──────┼──────┤", "x ≤ 3 và √2 ≈ 1,414", "Kırmızı ışık yandı.", "Привет, как дела?",
        "東京は大きな都市です。", "مرحبا بالعالم", "Ünïcödé ☺ ✓ → ∞", "ƒ(x) = x² + 1",
    };
    for (const char* line : lines) {
        const LineRepair r = repairLine(line);
        QVERIFY2(r.status == LineStatus::Unchanged, line);
        QCOMPARE(r.text, std::string(line));
    }
}

LW_TEST_GUILESS_MAIN(TestLineRepair)
#include "test_line_repair.moc"
