// Near deduplication on planted duplicates with a known answer: documents of random
// words and copies with a few words replaced, whose exact shingle-set Jaccard similarity
// (computed here with std::set) is far above or far below the threshold. Close copies are
// dropped and name their original, far copies stay, the first row of a cluster is the
// one kept, decisions repeat exactly, and memory grows with kept rows only.
#include "core/dedup/near_deduplicator.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace lw::dedup;

namespace {

using Words = std::vector<std::string>;

std::string join(const Words& words)
{
    std::string text;
    for (const auto& w : words)
        text += (text.empty() ? "" : " ") + w;
    return text;
}

std::set<std::string> shingleSet(const Words& words, int n)
{
    std::set<std::string> shingles;
    for (size_t i = 0; i + n <= words.size(); ++i)
        shingles.insert(join(Words(words.begin() + i, words.begin() + i + n)));
    return shingles;
}

double exactJaccard(const Words& a, const Words& b, int n)
{
    const auto sa = shingleSet(a, n), sb = shingleSet(b, n);
    size_t common = 0;
    for (const auto& s : sa)
        common += sb.count(s);
    return double(common) / double(sa.size() + sb.size() - common);
}

struct Corpus {
    std::vector<std::string> texts;
    std::vector<int64_t> originalOf; // the row a planted copy was made from; -1 for originals
    std::vector<double> jaccard;     // exact Jaccard with that row
};

class WordSource {
public:
    explicit WordSource(uint64_t seed) : m_rng(seed)
    {
        for (int i = 0; i < 5000; ++i) {
            std::string w;
            const int length = 3 + static_cast<int>(m_rng() % 7);
            for (int c = 0; c < length; ++c)
                w.push_back(static_cast<char>('a' + m_rng() % 26));
            m_vocabulary.push_back(w);
        }
    }
    const std::string& word() { return m_vocabulary[m_rng() % m_vocabulary.size()]; }
    Words document(int length)
    {
        Words words;
        for (int i = 0; i < length; ++i)
            words.push_back(word());
        return words;
    }
    Words withChanges(Words words, int changes)
    {
        // Distinct positions, each given a different word.
        std::vector<size_t> positions(words.size());
        for (size_t i = 0; i < positions.size(); ++i)
            positions[i] = i;
        std::shuffle(positions.begin(), positions.end(), m_rng);
        for (int c = 0; c < changes; ++c) {
            std::string replacement;
            do
                replacement = word();
            while (replacement == words[positions[c]]);
            words[positions[c]] = replacement;
        }
        return words;
    }
    std::mt19937_64& rng() { return m_rng; }

private:
    std::mt19937_64 m_rng;
    Words m_vocabulary;
};

// 80 originals of 400 words, then in shuffled order one close copy of each (1 word
// replaced) and one far copy (40 words replaced).
Corpus plantedCorpus(int ngram)
{
    WordSource source(31337);
    std::vector<Words> originals;
    Corpus corpus;
    for (int i = 0; i < 80; ++i) {
        originals.push_back(source.document(400));
        corpus.texts.push_back(join(originals.back()));
        corpus.originalOf.push_back(-1);
        corpus.jaccard.push_back(1);
    }
    std::vector<std::pair<int, int>> copies; // (original, changes)
    for (int i = 0; i < 80; ++i) {
        copies.push_back({i, 1});
        copies.push_back({i, 40});
    }
    std::shuffle(copies.begin(), copies.end(), source.rng());
    for (auto [original, changes] : copies) {
        const Words copy = source.withChanges(originals[original], changes);
        corpus.texts.push_back(join(copy));
        corpus.originalOf.push_back(original);
        corpus.jaccard.push_back(exactJaccard(originals[original], copy, ngram));
    }
    return corpus;
}

using Decision = std::tuple<bool, int64_t, double>;

std::vector<Decision> decide(const NearDedupSettings& s, const std::vector<std::string>& texts)
{
    NearDeduplicator dedup(s);
    std::vector<Decision> out;
    for (const auto& t : texts) {
        const NearMatch m = dedup.add(t);
        out.emplace_back(m.duplicate, m.matchedRow, m.jaccard);
    }
    return out;
}

} // namespace

class TestNearDeduplicator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void plantedCopiesGetTheKnownAnswer();
    void theFirstRowOfAClusterIsKept();
    void decisionsRepeatExactly();
    void shortAndEmptyTexts();
    void memoryGrowsWithKeptRowsOnly();
    void badSettingsAreRefused();
};

void TestNearDeduplicator::plantedCopiesGetTheKnownAnswer()
{
    const NearDedupSettings s; // ngram 5, 128 permutations, threshold 0.8
    const Corpus corpus = plantedCorpus(s.ngram);
    NearDeduplicator dedup(s);
    const LshBands lsh = dedup.lshBands();
    // The planted similarities are clear of the threshold (so the answer is known), and
    // LSH misses a close copy with probability (1 - J^rows)^bands: keep the sum over the
    // close copies small, so the test does not pass or fail by luck.
    double expectedMisses = 0;
    for (size_t row = 80; row < corpus.texts.size(); ++row) {
        const double j = corpus.jaccard[row];
        QVERIFY2(j >= 0.95 || j <= 0.6, qPrintable(QString::number(j)));
        if (j >= 0.95)
            expectedMisses += std::pow(1 - std::pow(j, lsh.rows), lsh.bands);
    }
    QVERIFY2(expectedMisses < 1e-3, qPrintable(QString::number(expectedMisses)));

    int close = 0, far = 0;
    for (size_t row = 0; row < corpus.texts.size(); ++row) {
        const NearMatch m = dedup.add(corpus.texts[row]);
        if (corpus.originalOf[row] < 0) {
            QVERIFY2(!m.duplicate, qPrintable(QString("original %1").arg(row))); // random texts share nothing
            continue;
        }
        const double j = corpus.jaccard[row];
        if (j >= 0.95) {
            ++close;
            QVERIFY2(m.duplicate, qPrintable(QString("row %1, J %2").arg(row).arg(j)));
            QCOMPARE(m.matchedRow, corpus.originalOf[row]);
            // The estimate is a binomial proportion over 128 values (4.5 sd).
            QVERIFY(std::abs(m.jaccard - j) <= 4.5 * std::sqrt(j * (1 - j) / s.numPerm) + 1.0 / s.numPerm);
        } else {
            ++far;
            QVERIFY2(!m.duplicate, qPrintable(QString("row %1, J %2, estimate %3").arg(row).arg(j).arg(m.jaccard)));
            QCOMPARE(m.matchedRow, int64_t(-1));
        }
    }
    QCOMPARE(close, 80);
    QCOMPARE(far, 80);
    QCOMPARE(dedup.keptRows(), int64_t(160));
    QCOMPARE(dedup.rows(), int64_t(240));
}

void TestNearDeduplicator::theFirstRowOfAClusterIsKept()
{
    // A, then A' (A with one word replaced), then A'' (A' with another word replaced):
    // A' is dropped for A, and A'' is matched to A too, never to the dropped A'.
    WordSource source(5);
    const Words a = source.document(400);
    const Words a1 = source.withChanges(a, 1);
    const Words a2 = source.withChanges(a1, 1);
    QVERIFY(exactJaccard(a, a2, 5) >= 0.93);
    NearDeduplicator dedup(NearDedupSettings{});
    QVERIFY(!dedup.add(join(a)).duplicate);
    const NearMatch m1 = dedup.add(join(a1));
    const NearMatch m2 = dedup.add(join(a2));
    QVERIFY(m1.duplicate && m2.duplicate);
    QCOMPARE(m1.matchedRow, int64_t(0));
    QCOMPARE(m2.matchedRow, int64_t(0));
    QCOMPARE(dedup.keptRows(), int64_t(1));
}

void TestNearDeduplicator::decisionsRepeatExactly()
{
    const Corpus corpus = plantedCorpus(5);
    NearDedupSettings s;
    const auto first = decide(s, corpus.texts);
    QCOMPARE(decide(s, corpus.texts), first);
    // Another seed draws other hash functions: the estimates move, the clear answers do not.
    s.seed = 777;
    const auto other = decide(s, corpus.texts);
    QVERIFY(other != first);
    for (size_t row = 0; row < first.size(); ++row) {
        QCOMPARE(std::get<0>(other[row]), std::get<0>(first[row]));
        QCOMPARE(std::get<1>(other[row]), std::get<1>(first[row]));
    }
}

void TestNearDeduplicator::shortAndEmptyTexts()
{
    NearDeduplicator dedup(NearDedupSettings{});
    // No words: never a duplicate (an empty signature would otherwise match every other).
    QVERIFY(!dedup.add("").duplicate);
    QVERIFY(!dedup.add(" ... ").duplicate);
    // Fewer words than n: one shingle of all of them, so equal short texts match.
    QVERIFY(!dedup.add("Hello there").duplicate);
    const NearMatch m = dedup.add("hello, THERE!");
    QVERIFY(m.duplicate);
    QCOMPARE(m.matchedRow, int64_t(2));
    QCOMPARE(m.jaccard, 1.0);
    QVERIFY(!dedup.add("there hello").duplicate);
    QCOMPARE(dedup.keptRows(), int64_t(2));
}

void TestNearDeduplicator::memoryGrowsWithKeptRowsOnly()
{
    WordSource source(8);
    NearDedupSettings s;
    NearDeduplicator dedup(s);
    const std::string first = join(source.document(200));
    dedup.add(first);
    for (int i = 0; i < 2000; ++i)
        dedup.add(join(source.document(200)));
    QVERIFY(dedup.add(first).duplicate);
    const size_t before = dedup.memoryBytes();
    for (int i = 0; i < 1000; ++i)
        QVERIFY(dedup.add(first).duplicate);
    QCOMPARE(dedup.memoryBytes(), before);
    QCOMPARE(dedup.keptRows(), int64_t(2001));
    // At least what every kept row needs: 16-bit values, row id, one link per band.
    const size_t perRow = 2 * size_t(s.numPerm) + sizeof(int64_t) + 4 * size_t(dedup.lshBands().bands);
    QVERIFY(before >= 2001 * perRow);
    QVERIFY(before < 2001 * perRow * 4);
}

void TestNearDeduplicator::badSettingsAreRefused()
{
    NearDedupSettings s;
    s.threshold = 1.2;
    try {
        NearDeduplicator dedup(s);
        QFAIL("no error");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).startsWith("near_dedup.threshold: "), e.what());
    }
}

LW_TEST_GUILESS_MAIN(TestNearDeduplicator)
#include "test_near_deduplicator.moc"
