// Corpus BLEU against sacreBLEU's published figures (its test suite's vectors, version
// 2.6.0) and against hand counts of small corpora written out below.
#include "core/eval/bleu.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QElapsedTimer>
#include <QtTest>

#include <cmath>

using namespace lw;
using eval::BleuOptions;
using eval::BleuSmoothing;
using eval::BleuTokenizer;

namespace {

// sacreBLEU's README example: three hypotheses, two reference streams.
const std::vector<std::string> kReadmeHyps = {"The dog bit the man.", "It wasn't surprising.",
                                             "The man had just bitten him."};
const std::vector<std::vector<std::string>> kReadmeRefs = {
    {"The dog bit the man.", "It was not unexpected.", "The man bit him first."},
    {"The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."}};

// sacreBLEU's raw_corpus_bleu: no tokenization, floor smoothing, effective order.
BleuOptions rawOptions(double floorValue)
{
    BleuOptions o;
    o.tokenizer = BleuTokenizer::None;
    o.smoothing = BleuSmoothing::Floor;
    o.smoothValue = floorValue;
    o.effectiveOrder = true;
    return o;
}

double rawBleu(const std::vector<std::string>& hyps, const std::vector<std::string>& refs, double floorValue = 0.1)
{
    return eval::corpusBleu(hyps, {refs}, rawOptions(floorValue)).score / 100;
}

BleuOptions withSmoothing(BleuSmoothing smoothing)
{
    BleuOptions o;
    o.smoothing = smoothing;
    return o;
}

// The two-segment corpus counted by hand in handCountedCorpus().
const std::vector<std::string> kHandHyps = {"the cat sat on the mat", "a dog ran"};
const std::vector<std::string> kHandRefs = {"the cat is on the mat", "a dog ran away"};

} // namespace

class TestBleu : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readmeExampleMatchesSacreBleu();
    void maxOrderMatchesSacreBleu_data();
    void maxOrderMatchesSacreBleu();
    void rawCorpusVectors();
    void statisticsOfOffsetCase();
    void scoringFromStatistics();
    void degenerateStatisticsScoreZero();
    void handCountedCorpus();
    void eachSmoothingMethod();
    void multipleReferencesClipByTheBestReference();
    void closestReferenceLengthTiesGoToShorter();
    void shortHypothesisIsPenalised();
    void emptyHypotheses();
    void tokenizer13a();
    void lowercaseOption();
    void signatures();
    void mismatchedStreamsAreRefused();
    void tenThousandSegmentsAreFast();
};

void TestBleu::readmeExampleMatchesSacreBleu()
{
    // test_bleu.py's test_corpus_bleu figures.
    const auto r = eval::corpusBleu(kReadmeHyps, kReadmeRefs);
    QVERIFY(std::abs(r.score - 48.530827) < 1e-6);
    BleuOptions none;
    none.tokenizer = BleuTokenizer::None;
    QVERIFY(std::abs(eval::corpusBleu(kReadmeHyps, kReadmeRefs, none).score - 49.1919566) < 1e-6);
    QVERIFY(std::abs(eval::corpusBleu(kReadmeHyps, kReadmeRefs, withSmoothing(BleuSmoothing::None)).score - 48.530827) < 1e-6);
    QCOMPARE(r.signature, std::string("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"));
}

void TestBleu::maxOrderMatchesSacreBleu_data()
{
    QTest::addColumn<int>("order");
    QTest::addColumn<QString>("expected");
    // test_bleu.py's test_max_ngram_order (printed with two decimals).
    QTest::newRow("1") << 1 << "77.65";
    QTest::newRow("2") << 2 << "60.50";
    QTest::newRow("3") << 3 << "53.93";
    QTest::newRow("4") << 4 << "48.53";
    QTest::newRow("5") << 5 << "46.14";
    QTest::newRow("6") << 6 << "43.28";
}

void TestBleu::maxOrderMatchesSacreBleu()
{
    QFETCH(int, order);
    QFETCH(QString, expected);
    BleuOptions o;
    o.maxNgramOrder = order;
    QCOMPARE(QString::number(eval::corpusBleu(kReadmeHyps, kReadmeRefs, o).score, 'f', 2), expected);
}

void TestBleu::rawCorpusVectors()
{
    // test_bleu.py's test_raw_bleu and test_effective_order (floor 0.01).
    QCOMPARE(rawBleu({"this is a test", "another test"}, {"ref1", "ref2"}, 0.01), 0.0);
    QVERIFY(std::abs(rawBleu({"this is a test"}, {"this is a test"}, 0.01) - 1.0) < 1e-8);
    QVERIFY(std::abs(rawBleu({"this is a fest"}, {"this is a test"}, 0.01) - 0.223606797749979) < 1e-8);
    QVERIFY(std::abs(rawBleu({"test"}, {"a test"}, 0.01) - 0.3678794411714425) < 1e-8);
    QVERIFY(std::abs(rawBleu({"a test"}, {"a test"}, 0.01) - 1.0) < 1e-8);
    QVERIFY(std::abs(rawBleu({"a little test"}, {"a test"}, 0.01) - 0.03218297948685433) < 1e-8);
    // test_offset: floor 0 gives 0, the default floor 0.1 gives 0.1555722182.
    QCOMPARE(rawBleu({"am I am a character sequence"}, {"I am a symbol string sequence a a"}, 0.0), 0.0);
    QVERIFY(std::abs(rawBleu({"am I am a character sequence"}, {"I am a symbol string sequence a a"}) - 0.1555722182) < 1e-8);
}

void TestBleu::statisticsOfOffsetCase()
{
    // test_statistics: matched [4, 2, 1, 0] of [6, 5, 4, 3].
    const auto r = eval::corpusBleu({"am I am a character sequence"}, {{"I am a symbol string sequence a a"}}, rawOptions(0.01));
    QCOMPARE(r.counts, (std::vector<int64_t>{4, 2, 1, 0}));
    QCOMPARE(r.totals, (std::vector<int64_t>{6, 5, 4, 3}));
}

void TestBleu::scoringFromStatistics()
{
    // test_scoring: compute_bleu's own default is no smoothing.
    const auto r = eval::computeBleu({11, 11, {9, 7, 5, 3}, {10, 8, 6, 4}}, withSmoothing(BleuSmoothing::None));
    QVERIFY(std::abs(r.score / 100 - 0.8375922397) < 1e-8);
}

void TestBleu::degenerateStatisticsScoreZero()
{
    // test_degenerate_statistics: floor smoothing with various values, all exactly 0.
    struct Case { eval::BleuStatistics stats; double floor; };
    const std::vector<Case> cases = {
        {{0, 1, {0, 0, 0, 0}, {4, 4, 2, 1}}, 0.0},   {{14, 10, {0, 0, 0, 0}, {10, 11, 12, 0}}, 0.0},
        {{0, 0, {0, 0, 0, 0}, {0, 0, 0, 0}}, 0.0},   {{6, 6, {6, 5, 4, 0}, {6, 5, 4, 3}}, 0.0},
        {{0, 0, {0, 0, 0, 0}, {0, 0, 0, 0}}, 0.1},   {{1, 5, {0, 0, 0, 0}, {0, 0, 0, 0}}, 0.01}};
    for (const auto& c : cases) {
        BleuOptions o = withSmoothing(BleuSmoothing::Floor);
        o.smoothValue = c.floor;
        QCOMPARE(eval::computeBleu(c.stats, o).score, 0.0);
    }
}

void TestBleu::handCountedCorpus()
{
    // Segment 1: "the cat sat on the mat" vs "the cat is on the mat" (6 and 6 tokens)
    //   1-grams: the x2, cat, on, mat match: 5 of 6
    //   2-grams: "the cat", "on the", "the mat": 3 of 5
    //   3-grams: "on the mat": 1 of 4;  4-grams: 0 of 3
    // Segment 2: "a dog ran" vs "a dog ran away" (3 and 4 tokens): 3/3, 2/2, 1/1, 0/0
    // Corpus: matches [8, 5, 2, 0] of [9, 7, 5, 3]; hyp_len 9, ref_len 10.
    const auto r = eval::corpusBleu(kHandHyps, {kHandRefs});
    QCOMPARE(r.counts, (std::vector<int64_t>{8, 5, 2, 0}));
    QCOMPARE(r.totals, (std::vector<int64_t>{9, 7, 5, 3}));
    QCOMPARE(r.hypLen, int64_t(9));
    QCOMPARE(r.refLen, int64_t(10));
    // BP = exp(1 - 10/9); exp smoothing: the first zero precision is 100 / (2 * 3).
    const double bp = std::exp(1.0 - 10.0 / 9.0);
    QVERIFY(std::abs(r.bp - bp) < 1e-12);
    QVERIFY(std::abs(r.ratio - 0.9) < 1e-12);
    const double expected = bp * std::pow(800.0 / 9 * 500.0 / 7 * 40.0 * (100.0 / 6), 0.25);
    QVERIFY(std::abs(r.score - expected) < 1e-9);
    QVERIFY(std::abs(r.precisions[3] - 100.0 / 6) < 1e-12);
}

void TestBleu::eachSmoothingMethod()
{
    const double bp = std::exp(1.0 - 10.0 / 9.0);
    // floor 0.1: the zero 4-gram precision is 100 * 0.1 / 3.
    auto r = eval::corpusBleu(kHandHyps, {kHandRefs}, withSmoothing(BleuSmoothing::Floor));
    QVERIFY(std::abs(r.score - bp * std::pow(800.0 / 9 * 500.0 / 7 * 40.0 * (10.0 / 3), 0.25)) < 1e-9);
    // add-k 1: orders 2..4 become (5+1)/(7+1), (2+1)/(5+1), (0+1)/(3+1).
    r = eval::corpusBleu(kHandHyps, {kHandRefs}, withSmoothing(BleuSmoothing::AddK));
    QVERIFY(std::abs(r.score - bp * std::pow(800.0 / 9 * 75.0 * 50.0 * 25.0, 0.25)) < 1e-9);
    // add-k 0.5: (5.5/7.5), (2.5/5.5), (0.5/3.5).
    BleuOptions half = withSmoothing(BleuSmoothing::AddK);
    half.smoothValue = 0.5;
    r = eval::corpusBleu(kHandHyps, {kHandRefs}, half);
    QVERIFY(std::abs(r.score - bp * std::pow(800.0 / 9 * (550.0 / 7.5) * (250.0 / 5.5) * (50.0 / 3.5), 0.25)) < 1e-9);
    // none: a zero precision makes BLEU 0.
    r = eval::corpusBleu(kHandHyps, {kHandRefs}, withSmoothing(BleuSmoothing::None));
    QCOMPARE(r.score, 0.0);
    QVERIFY(std::abs(r.precisions[0] - 800.0 / 9) < 1e-12);
}

void TestBleu::multipleReferencesClipByTheBestReference()
{
    // "the cat sat on the mat" against "the cat is on the mat" and "a cat sat on a mat":
    //   1-grams 6/6 (sat only in the second), 2-grams 5/5 ("cat sat", "sat on" from the
    //   second), 3-grams "cat sat on", "on the mat": 2/4, 4-grams 0/3; lengths 6, 6, 6.
    const auto r = eval::corpusBleu({"the cat sat on the mat"}, {{"the cat is on the mat"}, {"a cat sat on a mat"}});
    QCOMPARE(r.counts, (std::vector<int64_t>{6, 5, 2, 0}));
    QCOMPARE(r.bp, 1.0);
    QVERIFY(std::abs(r.score - std::pow(100.0 * 100.0 * 50.0 * (100.0 / 6), 0.25)) < 1e-9);
    // Clipping is by the largest count in one reference, not the sum over references:
    // "the" occurs once in each, so two "the" in the hypothesis match once.
    const auto clipped = eval::corpusBleu({"the the"}, {{"the cat"}, {"the dog"}}, rawOptions(0.1));
    QCOMPARE(clipped.counts[0], int64_t(1));
}

void TestBleu::closestReferenceLengthTiesGoToShorter()
{
    // 3 hypothesis tokens; references of 2 and 4 tokens are equally close: 2 is taken.
    const auto r = eval::corpusBleu({"a dog ran"}, {{"a dog"}, {"a dog ran fast"}});
    QCOMPARE(r.refLen, int64_t(2));
    QCOMPARE(r.bp, 1.0);
    QCOMPARE(r.ratio, 1.5);
}

void TestBleu::shortHypothesisIsPenalised()
{
    // 2 tokens against 6: BP = exp(1 - 6/2) = exp(-2); with no 3-gram the score is 0.
    const auto r = eval::corpusBleu({"the cat"}, {{"the cat sat on the mat"}});
    QVERIFY(std::abs(r.bp - std::exp(-2.0)) < 1e-12);
    QCOMPARE(r.score, 0.0);
    // 5 of 6 tokens, all matching: BP = exp(1 - 6/5) and every precision 100.
    const auto five = eval::corpusBleu({"the cat sat on the"}, {{"the cat sat on the mat"}});
    QVERIFY(std::abs(five.score - 100 * std::exp(1.0 - 6.0 / 5.0)) < 1e-9);
}

void TestBleu::emptyHypotheses()
{
    // test_bleu.py: empty hypotheses are kept (not removed) and give 0.
    const auto r = eval::corpusBleu({"", "", ""}, kReadmeRefs);
    QCOMPARE(r.score, 0.0);
    QCOMPARE(r.hypLen, int64_t(0));
    QCOMPARE(r.bp, 0.0);
    QVERIFY(r.refLen > 0);
}

void TestBleu::tokenizer13a()
{
    // &quot; is unescaped; '!' and '"' are separated; "," and the final "." are split off
    // words; "3.5" keeps its period between digits; "5-" gets the dash split off; the
    // apostrophe stays inside "It's".
    QCOMPARE(eval::tokenize13a("Hello, world! It's 3.5-4 &quot;ok&quot;."),
             (std::vector<std::string>{"Hello", ",", "world", "!", "It's", "3.5", "-", "4", "\"", "ok", "\"", "."}));
    // The replacements run in order, so "&amp;lt;" becomes "&lt;" and then "<".
    QCOMPARE(eval::tokenize13a("&amp;lt;"), (std::vector<std::string>{"<"}));
    // A comma between digits stays; one after a digit and before a space is split off.
    QCOMPARE(eval::tokenize13a("1,000 and 2, 3"), (std::vector<std::string>{"1,000", "and", "2", ",", "3"}));
    // Non-ASCII text passes through, split at Unicode spaces (U+3000 here).
    QCOMPARE(eval::tokenize13a("Grüße\xE3\x80\x80" "aus Köln."),
             (std::vector<std::string>{"Grüße", "aus", "Köln", "."}));
}

void TestBleu::lowercaseOption()
{
    BleuOptions lc;
    lc.lowercase = true;
    const std::vector<std::string> hyp = {"THE CAT SAT ON THE MAT"};
    QCOMPARE(eval::corpusBleu(hyp, {{"the cat sat on the mat"}}).score, 0.0);
    QVERIFY(std::abs(eval::corpusBleu(hyp, {{"the cat sat on the mat"}}, lc).score - 100.0) < 1e-9);
    // Unicode lowercase: "ÉCOLE" matches "école".
    QCOMPARE(eval::corpusBleu({"ÉCOLE"}, {{"école"}}, lc).counts[0], int64_t(1));
}

void TestBleu::signatures()
{
    QCOMPARE(eval::corpusBleu(kHandHyps, {kHandRefs}).signature,
             std::string("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"));
    BleuOptions o = withSmoothing(BleuSmoothing::Floor);
    o.lowercase = true;
    o.tokenizer = BleuTokenizer::None;
    QCOMPARE(eval::bleuSignature(1, o), std::string("nrefs:1|case:lc|eff:no|tok:none|smooth:floor[0.10]|version:2.6.0"));
    QCOMPARE(eval::bleuSignature(3, withSmoothing(BleuSmoothing::AddK)),
             std::string("nrefs:3|case:mixed|eff:no|tok:13a|smooth:add-k[1.00]|version:2.6.0"));
    QCOMPARE(eval::bleuSignature(1, withSmoothing(BleuSmoothing::None)),
             std::string("nrefs:1|case:mixed|eff:no|tok:13a|smooth:none|version:2.6.0"));
}

void TestBleu::mismatchedStreamsAreRefused()
{
    QVERIFY_THROWS_EXCEPTION(Error, eval::corpusBleu({"a", "b"}, {{"a"}}));
    QVERIFY_THROWS_EXCEPTION(Error, eval::corpusBleu({"a"}, {}));
}

void TestBleu::tenThousandSegmentsAreFast()
{
    // Deterministic sentences of 20 to 40 words from a 500-word vocabulary.
    std::vector<std::string> hyps, refs;
    uint64_t state = 12345;
    const auto next = [&state] { state = state * 6364136223846793005ULL + 1442695040888963407ULL; return state >> 33; };
    for (int i = 0; i < 10000; ++i) {
        std::string h, r;
        const int words = 20 + static_cast<int>(next() % 21);
        for (int w = 0; w < words; ++w) {
            const std::string word = "w" + std::to_string(next() % 500);
            h += (w ? " " : "") + word;
            r += (w ? " " : "") + (next() % 4 == 0 ? "v" + std::to_string(next() % 500) : word);
        }
        hyps.push_back(h + ".");
        refs.push_back(r + ".");
    }
    QElapsedTimer timer;
    timer.start();
    const auto r = eval::corpusBleu(hyps, {refs});
    const qint64 ms = timer.elapsed();
    qInfo("BLEU on 10000 segments: %lld ms (score %.2f)", static_cast<long long>(ms), r.score);
    QVERIFY(r.score > 0 && r.score < 100);
    // Measured well under a second on an idle machine; the bound only catches a
    // regression by an order of magnitude, since test machines run other builds too.
    QVERIFY2(ms < 5000, qPrintable(QString("took %1 ms").arg(ms)));
}

LW_TEST_GUILESS_MAIN(TestBleu)
#include "test_bleu.moc"
