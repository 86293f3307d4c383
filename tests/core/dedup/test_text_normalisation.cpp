// The normalisation the deduplicators compare texts by: case folding (ASCII and Unicode),
// white space collapsed and trimmed, punctuation kept or stripped, words split at white
// space and punctuation, and invalid UTF-8 passed through rather than merged.
#include "core/dedup/text_normalisation.h"
#include "test_registry.h"

#include <QtTest>

#include <string>
#include <vector>

using namespace lw::dedup;

namespace {

std::vector<std::string> wordsOf(const std::string& text)
{
    std::vector<std::string> words;
    std::string scratch;
    forEachWord(text, scratch, [&](std::string_view w) { words.emplace_back(w); });
    return words;
}

} // namespace

class TestTextNormalisation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exactForm_data();
    void exactForm();
    void words_data();
    void words();
    void invalidUtf8IsKeptByteForByte();
    void reusedBufferIsReplaced();
};

void TestTextNormalisation::exactForm_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("strip");
    QTest::addColumn<QString>("expected");
    // Each expected value is the rule applied by hand: fold case, one space per run of
    // white space, none at the ends; with strip, P* characters vanish (no space in their place).
    QTest::newRow("ascii case and spaces") << "  Hello \t\n WORLD  " << false << "hello world";
    QTest::newRow("only white space") << " \t\r\n " << false << "";
    QTest::newRow("punctuation kept") << "Don't stop, now!" << false << "don't stop, now!";
    QTest::newRow("punctuation stripped") << "Don't stop, now!" << true << "dont stop now";
    QTest::newRow("symbols are not punctuation") << "1 + 2 = $3" << true << "1 + 2 = $3";
    QTest::newRow("stripped mark between spaces") << "a - b" << true << "a b";
    QTest::newRow("stripped mark at the end") << "end .  " << true << "end";
    QTest::newRow("vietnamese capitals") << "TIẾNG   VIỆT" << false << "tiếng việt";
    QTest::newRow("greek sigma forms") << "ΟΔΟΣ οδος" << false << "οδοσ οδοσ";
    QTest::newRow("no-break and ideographic space") << "a\u00A0\u00A0b\u3000c" << false << "a b c";
    QTest::newRow("unicode punctuation kept") << "«Oui» — dit-il" << false << "«oui» — dit-il";
    QTest::newRow("unicode punctuation stripped") << "«Oui» — dit-il" << true << "oui ditil";
}

void TestTextNormalisation::exactForm()
{
    QFETCH(QString, input);
    QFETCH(bool, strip);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(normaliseForExactMatch(input.toStdString(), strip)), expected);
}

void TestTextNormalisation::words_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("plain") << "The cat sat" << QStringList{"the", "cat", "sat"};
    QTest::newRow("punctuation separates") << "end.Start,next;(x)" << QStringList{"end", "start", "next", "x"};
    QTest::newRow("apostrophe separates") << "don't" << QStringList{"don", "t"};
    QTest::newRow("symbols join") << "a+b c" << QStringList{"a+b", "c"};
    QTest::newRow("empty") << "  ,.  " << QStringList{};
    QTest::newRow("unicode") << "Ngày MỚI!ĐẸP" << QStringList{"ngày", "mới", "đẹp"};
}

void TestTextNormalisation::words()
{
    QFETCH(QString, input);
    QFETCH(QStringList, expected);
    QStringList got;
    for (const std::string& w : wordsOf(input.toStdString()))
        got << QString::fromStdString(w);
    QCOMPARE(got, expected);
}

void TestTextNormalisation::invalidUtf8IsKeptByteForByte()
{
    // A lone continuation byte and a truncated 3-byte sequence: kept as they are, not
    // replaced by one shared marker (which would make different texts equal).
    const std::string a = "Ab\x80 x";
    const std::string b = "Ab\xE2\x82 x";
    QCOMPARE(normaliseForExactMatch(a), std::string("ab\x80 x"));
    QCOMPARE(normaliseForExactMatch(b), std::string("ab\xE2\x82 x"));
    QCOMPARE(wordsOf(b), (std::vector<std::string>{"ab\xE2\x82", "x"}));
    // A sequence cut by the end of the text.
    QCOMPARE(normaliseForExactMatch(std::string("Z\xF0\x9F")), std::string("z\xF0\x9F"));
}

void TestTextNormalisation::reusedBufferIsReplaced()
{
    std::string out = "left over from before";
    normaliseForExactMatch("  New  ", false, out);
    QCOMPARE(out, std::string("new"));
}

LW_TEST_GUILESS_MAIN(TestTextNormalisation)
#include "test_text_normalisation.moc"
