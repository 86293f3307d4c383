// ROUGE against rouge-score's published test vectors (rouge_scorer_test.py), hand counts
// written out below, and the Porter stemmer against NLTK's documented examples and
// words stepped through the algorithm by hand.
#include "core/eval/porter_stemmer.h"
#include "core/eval/rouge.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

#include <cmath>

using namespace lw;

namespace {

bool rougeNear(double a, double b, double tolerance = 1e-9)
{
    return std::abs(a - b) < tolerance;
}

bool rougeScoreIs(const eval::RougeScore& s, double precision, double recall, double f1, double tolerance = 1e-9)
{
    return rougeNear(s.precision, precision, tolerance) && rougeNear(s.recall, recall, tolerance) &&
           rougeNear(s.fmeasure, f1, tolerance);
}

std::vector<std::string> words(std::initializer_list<const char*> list)
{
    return {list.begin(), list.end()};
}

} // namespace

class TestRouge : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void publishedVectors();
    void emptyPredictionScoresZero();
    void lcsReadOut();
    void summaryLevelLcs();
    void tokenizer();
    void porterStemmer_data();
    void porterStemmer();
    void stemmingChangesMatches();
    void multipleReferencesTakeTheBestF1PerMetric();
    void corpusIsTheMeanOfSegments();
    void mismatchedStreamsAreRefused();
};

void TestRouge::publishedVectors()
{
    // rouge_scorer_test.py: testRouge1, testRouge2, testRougeLConsecutive,
    // testRougeLNonConsecutive (target first, prediction second).
    QVERIFY(rougeScoreIs(eval::scoreRouge("testing one two", "testing").rouge1, 1, 1.0 / 3, 0.5));
    QVERIFY(rougeScoreIs(eval::scoreRouge("testing one two", "testing one").rouge2, 1, 0.5, 2.0 / 3));
    QVERIFY(rougeScoreIs(eval::scoreRouge("testing one two", "testing one").rougeL, 1, 2.0 / 3, 0.8));
    QVERIFY(rougeScoreIs(eval::scoreRouge("testing one two", "testing two").rougeL, 1, 2.0 / 3, 0.8));
    QVERIFY(rougeScoreIs(eval::scoreRouge("testing one two", "testing one").rouge1, 1, 2.0 / 3, 0.8));
}

void TestRouge::emptyPredictionScoresZero()
{
    // testRougeEmpty and testRougeLsum's empty cases, including a prediction made only of
    // characters the tokenizer drops.
    for (const char* prediction : {"", "/"}) {
        const auto s = eval::scoreRouge("testing one two", prediction);
        for (const auto* score : {&s.rouge1, &s.rouge2, &s.rougeL, &s.rougeLsum})
            QVERIFY(rougeScoreIs(*score, 0, 0, 0));
    }
    QVERIFY(rougeScoreIs(eval::scoreRouge("", "w1").rougeLsum, 0, 0, 0));
}

void TestRouge::lcsReadOut()
{
    // testLcsTable: ref [1 2 3 4 5], candidate [2 5 3 4]: the LCS 2 3 4 sits at ref
    // positions 1, 2, 3; with nothing in common, no positions.
    QCOMPARE(eval::lcsIndices(words({"1", "2", "3", "4", "5"}), words({"2", "5", "3", "4"})),
             (std::vector<size_t>{1, 2, 3}));
    QCOMPARE(eval::lcsIndices(words({"1", "2", "3", "4", "5"}), words({"8", "9"})), std::vector<size_t>{});
}

void TestRouge::summaryLevelLcs()
{
    // testRougeLsum (the example of section 3.2 of Lin, 2004): reference "w1 .. w5",
    // candidate sentences "w1 w2 w6 w7 w8" (LCS w1 w2) and "w1 w3 w8 w9 w5" (LCS w1 w3 w5):
    // union {w1, w2, w3, w5} = 4 hits; recall 4/5, precision 4/10, F1 = 0.5333...
    const auto s = eval::scoreRouge("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5");
    QVERIFY(rougeScoreIs(s.rougeLsum, 0.4, 0.8, 2 * 0.4 * 0.8 / 1.2));
    // Plain ROUGE-L sees one sequence of 10 tokens: LCS "w1 w2 w3 w5" = 4 as well here.
    QVERIFY(rougeScoreIs(s.rougeL, 0.4, 0.8, 2 * 0.4 * 0.8 / 1.2));
    // Hits are capped by token counts: reference "a b" and candidate sentences "a b" and
    // "a b" give a union of 2 positions, each counted once: P = 2/4, R = 2/2.
    QVERIFY(rougeScoreIs(eval::scoreRouge("a b", "a b\na b").rougeLsum, 0.5, 1.0, 2.0 / 3));
    // Blank lines are no sentences.
    QVERIFY(rougeScoreIs(eval::scoreRouge("a b\n\n", "\na b").rougeLsum, 1, 1, 1));
}

void TestRouge::tokenizer()
{
    // Lowercase, anything but a-z0-9 separates; non-ASCII letters are separators too.
    QCOMPARE(eval::rougeTokenize("The Quick-brown fox's 2nd JUMP!", false),
             words({"the", "quick", "brown", "fox", "s", "2nd", "jump"}));
    QCOMPARE(eval::rougeTokenize("café naïve", false), words({"caf", "na", "ve"}));
    // Stemming applies only to tokens longer than three characters ("dies" yes, "was" no).
    QCOMPARE(eval::rougeTokenize("Ponies was running dies", true), words({"poni", "was", "run", "die"}));
}

void TestRouge::porterStemmer_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("stem");
    // NLTK's PorterStemmer documentation example (default mode).
    const char* documented[][2] = {
        {"caresses", "caress"}, {"flies", "fli"},        {"dies", "die"},        {"mules", "mule"},
        {"denied", "deni"},     {"died", "die"},         {"agreed", "agre"},     {"owned", "own"},
        {"humbled", "humbl"},   {"sized", "size"},       {"meeting", "meet"},    {"stating", "state"},
        {"siezing", "siez"},    {"itemization", "item"}, {"sensational", "sensat"}, {"traditional", "tradit"},
        {"reference", "refer"}, {"colonizer", "colon"},  {"plotted", "plot"}};
    for (const auto& pair : documented)
        QTest::newRow(pair[0]) << pair[0] << pair[1];
    // Stepped through by hand:
    //   happy: 1c y -> i after the consonant p.          enjoy: y after a vowel stays.
    //   fly: 1c "fl" + i.                                 skies, dying, news: irregular table.
    //   geology: 1c geologi; 2 logi -> log as m("geol") = 1.
    //   hopping: 1b hopp, double p dropped -> hop.        falling: double l kept -> fall.
    //   filing: 1b fil, m = 1 and cvc -> file; 5a keeps e (m = 1 and *o).
    //   relational: 2 ational -> ate: relate; 5a: m("relat") = 2 -> relat.
    //   generalization: 2 ization -> ize: generalize; 3 alize -> al: general;
    //     4 al with m("gener") = 2 -> gener.
    //   controlling: 1b controll (l kept); 5b ll -> l as m("control") = 2 -> control.
    //   is: two letters, unchanged.                      succeed: irregular table.
    const char* byHand[][2] = {
        {"happy", "happi"},     {"enjoy", "enjoy"},   {"fly", "fli"},       {"skies", "sky"},
        {"dying", "die"},       {"news", "news"},     {"geology", "geolog"}, {"hopping", "hop"},
        {"falling", "fall"},    {"filing", "file"},   {"relational", "relat"}, {"generalization", "gener"},
        {"controlling", "control"}, {"is", "is"},     {"succeed", "succeed"}};
    for (const auto& pair : byHand)
        QTest::newRow(pair[0]) << pair[0] << pair[1];
}

void TestRouge::porterStemmer()
{
    QFETCH(QString, word);
    QFETCH(QString, stem);
    QCOMPARE(QString::fromStdString(eval::porterStem(word.toStdString())), stem);
}

void TestRouge::stemmingChangesMatches()
{
    // "cats running" vs "cat runs": unstemmed nothing matches; stemmed both tokens do.
    eval::RougeOptions stem;
    stem.useStemmer = true;
    QVERIFY(rougeScoreIs(eval::scoreRouge("cats running", "cat runs").rouge1, 0, 0, 0));
    QVERIFY(rougeScoreIs(eval::scoreRouge("cats running", "cat runs", stem).rouge1, 1, 1, 1));
}

void TestRouge::multipleReferencesTakeTheBestF1PerMetric()
{
    // Prediction "a b c d" against "a b x y" (rouge1 F 0.5, rouge2 F 1/3) and
    // "d c b a" (rouge1 F 1, rouge2 F 0): rouge1 takes the second, rouge2 the first.
    const auto s = eval::scoreRougeMulti({"a b x y", "d c b a"}, "a b c d");
    QVERIFY(rougeScoreIs(s.rouge1, 1, 1, 1));
    QVERIFY(rougeScoreIs(s.rouge2, 1.0 / 3, 1.0 / 3, 1.0 / 3));
    // rougeL: "a b" (2/4) against the first, one token (1/4) against the second.
    QVERIFY(rougeScoreIs(s.rougeL, 0.5, 0.5, 0.5));
}

void TestRouge::corpusIsTheMeanOfSegments()
{
    // Segment 1: rouge1 F 0.5 ("testing one two" / "testing"); segment 2: F 1.
    const auto r = eval::corpusRouge({"testing", "same words"}, {{"testing one two", "same words"}});
    QCOMPARE(r.segments, int64_t(2));
    QVERIFY(rougeNear(r.mean.rouge1.fmeasure, 0.75));
    QVERIFY(rougeNear(r.mean.rouge1.recall, (1.0 / 3 + 1) / 2));
    // rouge2: segment 1 has no bigram in the prediction (P = R = 0), segment 2 is exact.
    QVERIFY(rougeNear(r.mean.rouge2.fmeasure, 0.5));
}

void TestRouge::mismatchedStreamsAreRefused()
{
    QVERIFY_THROWS_EXCEPTION(Error, eval::corpusRouge({"a", "b"}, {{"a"}}));
}

LW_TEST_GUILESS_MAIN(TestRouge)
#include "test_rouge.moc"
