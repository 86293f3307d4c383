// The quality statistics against reference values written by an independent Python
// implementation (make_quality_reference.py beside this file: dictionaries and sets
// where the C++ code uses hashed counters), on a public novel and on a seeded, highly
// repetitive text with Vietnamese words, bullets, ellipses and repeated paragraphs.
#include "core/filter/quality_stats.h"
#include "shared_data.h"
#include "test_paths.h"
#include "test_registry.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <cmath>
#include <fstream>
#include <iterator>

using namespace lw;
using nlohmann::json;

class TestQualityReference : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesPython_data();
    void matchesPython();
};

void TestQualityReference::matchesPython_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("the-verdict") << "the-verdict";
    QTest::newRow("repetitive") << "repetitive";
}

void TestQualityReference::matchesPython()
{
    QFETCH(QString, name);
    std::ifstream in(std::string(lw::test::sourceDir()) + "/tests/core/filter/quality_reference.json");
    QVERIFY(in.good());
    const json all = json::parse(in);
    const json& entry = all.at(name.toStdString());
    std::string text;
    if (entry.contains("source")) {
        std::ifstream source(lw::test::sharedDataPath(entry["source"].get<std::string>()), std::ios::binary);
        text.assign(std::istreambuf_iterator<char>(source), {});
    } else {
        text = entry["text"].get<std::string>();
    }
    QVERIFY(!text.empty());
    const json& expected = entry["stats"];

    std::vector<filter::WordSpan> words;
    filter::WordStats w;
    filter::collectWords(text, words, w);
    QCOMPARE(w.words, expected["words"].get<int64_t>());
    QCOMPARE(w.wordChars, expected["word_chars"].get<int64_t>());
    QCOMPARE(w.alphaWords, expected["alpha_words"].get<int64_t>());
    QCOMPARE(w.hashSymbols, expected["hash_symbols"].get<int64_t>());
    QCOMPARE(w.ellipses, expected["ellipses"].get<int64_t>());
    QCOMPARE(w.digits, expected["digits"].get<int64_t>());

    filter::HashCounter lineCounter, paragraphCounter;
    filter::LineStats l;
    filter::collectLines(text, lineCounter, paragraphCounter, l);
    QCOMPARE(l.lines, expected["lines"].get<int64_t>());
    QCOMPARE(l.lineChars, expected["line_chars"].get<int64_t>());
    QCOMPARE(l.bulletLines, expected["bullet_lines"].get<int64_t>());
    QCOMPARE(l.ellipsisLines, expected["ellipsis_lines"].get<int64_t>());
    QCOMPARE(l.duplicateLines, expected["duplicate_lines"].get<int64_t>());
    QCOMPARE(l.duplicateLineChars, expected["duplicate_line_chars"].get<int64_t>());
    QCOMPARE(l.paragraphs, expected["paragraphs"].get<int64_t>());
    QCOMPARE(l.paragraphChars, expected["paragraph_chars"].get<int64_t>());
    QCOMPARE(l.duplicateParagraphs, expected["duplicate_paragraphs"].get<int64_t>());
    QCOMPARE(l.duplicateParagraphChars, expected["duplicate_paragraph_chars"].get<int64_t>());

    filter::HashCounter counter;
    filter::NgramHashes grams;
    grams.reset(words);
    for (int n = 2; n <= 10; ++n) {
        grams.grow(words);
        QCOMPARE(grams.n(), n);
        const bool top = n <= 4;
        const double want = expected[top ? "top_ngram" : "duplicate_ngram"][std::to_string(n)].get<double>();
        const double got = top ? filter::topNgramCharFraction(words, grams, w.wordChars, counter)
                               : filter::duplicateNgramCharFraction(words, grams, w.wordChars, counter);
        QVERIFY2(std::abs(got - want) < 1e-12, qPrintable(QString("%1-gram: %2, Python %3").arg(n).arg(got).arg(want)));
    }
}

LW_TEST_GUILESS_MAIN(TestQualityReference)
#include "test_quality_reference.moc"
