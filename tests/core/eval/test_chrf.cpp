// chrF and chrF++ against sacreBLEU's published figures (test_chrf.py, version 2.6.0)
// and against hand counts written out below.
#include "core/eval/chrf.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QElapsedTimer>
#include <QtTest>

#include <cmath>

using namespace lw;
using eval::ChrfOptions;

namespace {

double chrf(const std::vector<std::string>& hyps, const std::vector<std::string>& refs, const ChrfOptions& o)
{
    return eval::corpusChrf(hyps, {refs}, o).score;
}

ChrfOptions beta3(bool epsSmoothing, bool whitespace = false)
{
    ChrfOptions o;
    o.beta = 3;
    o.epsSmoothing = epsSmoothing;
    o.whitespace = whitespace;
    return o;
}

std::vector<std::string> chrfStrings(const QStringList& list)
{
    std::vector<std::string> out;
    for (const auto& s : list)
        out.push_back(s.toStdString());
    return out;
}

} // namespace

class TestChrf : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void epsSmoothingVectors_data();
    void epsSmoothingVectors();
    void effectiveOrderVectors();
    void keepWhitespaceVectors();
    void sentenceLevelCzech();
    void handCountedChrfPlusPlus();
    void multipleReferencesPickTheBestPerSegment();
    void signaturesAndNames();
    void mismatchedStreamsAreRefused();
    void tenThousandSegmentsAreFast();
};

void TestChrf::epsSmoothingVectors_data()
{
    QTest::addColumn<QStringList>("hyps");
    QTest::addColumn<QStringList>("refs");
    QTest::addColumn<double>("expected");
    // test_chrf.py's test_cases: beta 3, eps smoothing.
    QTest::newRow("disjoint") << QStringList{"abcdefg"} << QStringList{"hijklmnop"} << 0.0;
    QTest::newRow("a-b") << QStringList{"a"} << QStringList{"b"} << 0.0;
    QTest::newRow("empty-b") << QStringList{""} << QStringList{"b"} << 0.0;
    QTest::newRow("empty-ref") << QStringList{""} << QStringList{"ref"} << 0.0;
    QTest::newRow("empty-reference") << QStringList{""} << QStringList{"reference"} << 0.0;
    QTest::newRow("aa-ab") << QStringList{"aa"} << QStringList{"ab"} << 8.3333;
    QTest::newRow("two") << QStringList{"a", "b"} << QStringList{"a", "c"} << 8.3333;
    QTest::newRow("a-a") << QStringList{"a"} << QStringList{"a"} << 16.6667;
    QTest::newRow("abc-spaced") << QStringList{"a b c"} << QStringList{"a b c"} << 50.0;
    QTest::newRow("abc-joined") << QStringList{"a b c"} << QStringList{"abc"} << 50.0;
    QTest::newRow("risk")
        << QStringList{" risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists ."}
        << QStringList{"risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists ."}
        << 63.361730;
    QTest::newRow("obama")
        << QStringList{" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "}
        << QStringList{"Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."} << 64.1302698;
    QTest::newRow("identical") << QStringList{"Niemand hat die Absicht, eine Mauer zu errichten"}
                               << QStringList{"Niemand hat die Absicht, eine Mauer zu errichten"} << 100.0;
}

void TestChrf::epsSmoothingVectors()
{
    QFETCH(QStringList, hyps);
    QFETCH(QStringList, refs);
    QFETCH(double, expected);
    const double score = chrf(chrfStrings(hyps), chrfStrings(refs), beta3(true));
    QVERIFY2(std::abs(score - expected) < 1e-4, qPrintable(QString::number(score, 'f', 6)));
}

void TestChrf::effectiveOrderVectors()
{
    // test_chrf.py's test_cases_effective_order (sacreBLEU's default averaging).
    QVERIFY(std::abs(chrf({"a"}, {"a"}, beta3(false)) - 100.0) < 1e-4);
    QVERIFY(std::abs(chrf({""}, {"reference"}, beta3(false))) < 1e-4);
    QVERIFY(std::abs(chrf({"a b c"}, {"a b c"}, beta3(false)) - 100.0) < 1e-4);
    QVERIFY(std::abs(chrf({"a b c"}, {"abc"}, beta3(false)) - 100.0) < 1e-4);
    QVERIFY(std::abs(chrf({""}, {"c"}, beta3(false))) < 1e-4);
    QVERIFY(std::abs(chrf({"a", "b"}, {"a", "c"}, beta3(false)) - 50.0) < 1e-4);
    // "aa" vs "ab": 1-grams {a:2} vs {a,b}: 1 match, P = R = 1/2; 2-grams "aa" vs "ab":
    // P = R = 0; orders 3..6 have no hypothesis n-gram and are left out. Averages
    // P = R = 1/4, so F = 1/4 for any beta.
    QVERIFY(std::abs(chrf({"aa"}, {"ab"}, beta3(false)) - 25.0) < 1e-4);
}

void TestChrf::keepWhitespaceVectors()
{
    // test_chrf.py's test_cases_keep_whitespace.
    QVERIFY(std::abs(chrf({"Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich."},
                          {"Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."},
                          beta3(false, true)) - 67.3481606) < 1e-4);
    QVERIFY(std::abs(chrf({"risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists ."},
                          {"risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists ."},
                          beta3(false, true)) - 65.2414427) < 1e-4);
}

void TestChrf::sentenceLevelCzech()
{
    // test_chrf.py's test_sentence_level_chrf: beta 2, eps smoothing, one segment each;
    // characters are code points (č, í, ř, ž are two bytes each in UTF-8).
    ChrfOptions o;
    o.epsSmoothing = true;
    QVERIFY(std::abs(chrf({"Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře."},
                          {"Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře."}, o) -
                     39.14078509) < 1e-4);
    QVERIFY(std::abs(chrf({"Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři."},
                          {"A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři."}, o) -
                     31.22557079) < 1e-4);
    QVERIFY(std::abs(chrf({"Lapali po dechu, jejich životy skončily dřív, než skutečně začaly."},
                          {"Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli."}, o) -
                     57.15704367) < 1e-4);
}

void TestChrf::handCountedChrfPlusPlus()
{
    // Character order 1 and word order 1, beta 2:
    // "ab c" vs "ab d": characters "abc" vs "abd" match a, b: P = R = 2/3; words
    // [ab, c] vs [ab, d] match "ab": P = R = 1/2. Averages P = R = 7/12, so F = 7/12.
    ChrfOptions o;
    o.charOrder = 1;
    o.wordOrder = 1;
    QVERIFY(std::abs(chrf({"ab c"}, {"ab d"}, o) - 700.0 / 12) < 1e-9);
    // A punctuation mark at a word's end is split off: "ab, c" gives words [ab, ",", c],
    // the same as "ab , c"; characters "ab,c" are equal too, so the score is 100.
    QVERIFY(std::abs(chrf({"ab, c"}, {"ab , c"}, o) - 100.0) < 1e-9);
    // ... and at a word's start when the end is not punctuation: "(ab" gives "(", "ab".
    QVERIFY(std::abs(chrf({"(ab c"}, {"( ab c"}, o) - 100.0) < 1e-9);
    // Word bigrams (chrF++ proper): "a b c" vs "a b d" with char order 0 and words 1..2:
    // unigrams 2/3 each way, bigrams "a b" 1/2 each way: F = (2/3 + 1/2) / 2 = 7/12.
    ChrfOptions words;
    words.charOrder = 0;
    words.wordOrder = 2;
    QVERIFY(std::abs(chrf({"a b c"}, {"a b d"}, words) - 700.0 / 12) < 1e-9);
}

void TestChrf::multipleReferencesPickTheBestPerSegment()
{
    // Each segment matches one of its two references exactly; the best is taken per
    // segment, so the corpus scores 100.
    const auto r = eval::corpusChrf({"abcdef", "ghijkl"}, {{"abcdef", "zzzzzz"}, {"yyyyyy", "ghijkl"}});
    QVERIFY(std::abs(r.score - 100.0) < 1e-9);
    QVERIFY(r.signature.rfind("nrefs:2|", 0) == 0);
}

void TestChrf::signaturesAndNames()
{
    const auto r = eval::corpusChrf({"a"}, {{"a"}});
    QCOMPARE(r.signature, std::string("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0"));
    QCOMPARE(r.name, std::string("chrF2"));
    ChrfOptions plus;
    plus.wordOrder = 2;
    plus.lowercase = true;
    const auto p = eval::corpusChrf({"a"}, {{"a"}}, plus);
    QCOMPARE(p.signature, std::string("nrefs:1|case:lc|eff:yes|nc:6|nw:2|space:no|version:2.6.0"));
    QCOMPARE(p.name, std::string("chrF2++"));
    // Lowercasing is Unicode's: "ÉTÉ" then equals "été".
    QVERIFY(std::abs(eval::corpusChrf({"ÉTÉ"}, {{"été"}}, plus).score - 100.0) < 1e-9);
}

void TestChrf::mismatchedStreamsAreRefused()
{
    QVERIFY_THROWS_EXCEPTION(Error, eval::corpusChrf({"a", "b"}, {{"a"}}));
}

void TestChrf::tenThousandSegmentsAreFast()
{
    std::vector<std::string> hyps, refs;
    uint64_t state = 777;
    const auto next = [&state] { state = state * 6364136223846793005ULL + 1442695040888963407ULL; return state >> 33; };
    for (int i = 0; i < 10000; ++i) {
        std::string h, r;
        const int words = 20 + static_cast<int>(next() % 21);
        for (int w = 0; w < words; ++w) {
            const std::string word = "w" + std::to_string(next() % 500);
            h += (w ? " " : "") + word;
            r += (w ? " " : "") + (next() % 4 == 0 ? "v" + std::to_string(next() % 500) : word);
        }
        hyps.push_back(h);
        refs.push_back(r);
    }
    QElapsedTimer timer;
    timer.start();
    const auto r = eval::corpusChrf(hyps, {refs});
    const qint64 ms = timer.elapsed();
    qInfo("chrF on 10000 segments: %lld ms (score %.2f)", static_cast<long long>(ms), r.score);
    QVERIFY(r.score > 0 && r.score < 100);
    // Measured well under a second on an idle machine; the bound only catches a
    // regression by an order of magnitude, since test machines run other builds too.
    QVERIFY2(ms < 5000, qPrintable(QString("took %1 ms").arg(ms)));
}

LW_TEST_GUILESS_MAIN(TestChrf)
#include "test_chrf.moc"
