// MinHash signatures: the vectorised loop computes exactly ((a*x + b) mod (2^61-1)) mod
// 2^32 (checked against 128-bit arithmetic in the test), the AVX-512 and portable loops
// agree, shingles are word n-grams, and the estimate's error against the exact Jaccard
// similarity of the shingle sets (computed here with std::set) behaves like a binomial
// proportion over num_perm trials: unbiased, with variance J(1-J)/num_perm.
#include "core/dedup/min_hash.h"
#include "core/dedup/near_dedup_settings.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

#include <cmath>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace lw::dedup;

namespace {

std::vector<uint32_t> signatureByFormula(const MinHasher& h, const std::vector<uint32_t>& shingles)
{
    const unsigned __int128 p = kMersenne61;
    std::vector<uint32_t> sig(h.numPerm(), kEmptySignatureValue);
    for (int i = 0; i < h.numPerm(); ++i)
        for (uint32_t x : shingles) {
            const auto v = static_cast<uint32_t>((static_cast<unsigned __int128>(h.multipliers()[i]) * x +
                                                  h.increments()[i]) % p);
            sig[i] = std::min(sig[i], v);
        }
    return sig;
}

std::vector<uint32_t> signatureOf(MinHasher& h, const std::string& text)
{
    std::vector<uint32_t> sig(h.numPerm());
    h.signature(text, sig.data());
    return sig;
}

// The test's own shingles: lower-case ASCII words split at spaces, joined by one space.
std::set<std::string> shingleSet(const std::string& text, int n)
{
    std::istringstream in(text);
    std::vector<std::string> words;
    for (std::string w; in >> w;)
        words.push_back(w);
    std::set<std::string> shingles;
    for (size_t i = 0; i + n <= words.size(); ++i) {
        std::string s;
        for (int k = 0; k < n; ++k)
            s += (k ? " " : "") + words[i + k];
        shingles.insert(s);
    }
    return shingles;
}

double exactJaccard(const std::set<std::string>& a, const std::set<std::string>& b)
{
    size_t common = 0;
    for (const auto& s : a)
        common += b.count(s);
    return double(common) / double(a.size() + b.size() - common);
}

std::vector<std::string> randomVocabulary(std::mt19937_64& rng, int size)
{
    std::vector<std::string> words;
    for (int i = 0; i < size; ++i) {
        std::string w;
        const int length = 3 + static_cast<int>(rng() % 6);
        for (int c = 0; c < length; ++c)
            w.push_back(static_cast<char>('a' + rng() % 26));
        words.push_back(w);
    }
    return words;
}

} // namespace

class TestMinHash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void valuesMatchTheFormula_data();
    void valuesMatchTheFormula();
    void shinglesAreWordNgrams();
    void estimateErrorIsBinomial();
    void badSettingsAreRefused();
};

void TestMinHash::valuesMatchTheFormula_data()
{
    QTest::addColumn<int>("numPerm");
    QTest::addColumn<bool>("avx512");
    for (int numPerm : {128, 100, 7}) // 100 and 7 leave a tail for the portable loop
        for (bool avx : {true, false})
            QTest::addRow("%d %s", numPerm, avx ? "avx512" : "portable") << numPerm << avx;
}

void TestMinHash::valuesMatchTheFormula()
{
    QFETCH(int, numPerm);
    QFETCH(bool, avx512);
    if (avx512 && !cpuHasAvx512())
        QSKIP("this CPU has no AVX-512");
    MinHasher h(5, numPerm, 42);
    h.setUseAvx512(avx512);
    QCOMPARE(h.usesAvx512(), avx512);
    // Extreme shingle values too: 0 and 2^32 - 1 exercise the reductions' edges.
    std::mt19937_64 rng(7);
    std::vector<uint32_t> shingles = {0u, 0xFFFFFFFFu, 1u};
    for (int i = 0; i < 300; ++i)
        shingles.push_back(static_cast<uint32_t>(rng()));
    std::vector<uint32_t> sig(numPerm);
    h.signatureOfHashes(shingles.data(), shingles.size(), sig.data());
    QCOMPARE(sig, signatureByFormula(h, shingles));

    std::vector<uint32_t> textShingles;
    const std::string text = "A short text, with enough words to make several five word shingles here.";
    h.shingleHashes(text, textShingles);
    QCOMPARE(textShingles.size(), size_t(13 - 5 + 1));
    QCOMPARE(signatureOf(h, text), signatureByFormula(h, textShingles));
    // The hash functions depend on the seed and nothing else.
    MinHasher same(5, numPerm, 42), other(5, numPerm, 43);
    QCOMPARE(same.multipliers(), h.multipliers());
    QVERIFY(other.multipliers() != h.multipliers());
    for (int i = 0; i < numPerm; ++i) {
        QVERIFY(h.multipliers()[i] >= 1 && h.multipliers()[i] < kMersenne61);
        QVERIFY(h.increments()[i] < kMersenne61);
    }
}

void TestMinHash::shinglesAreWordNgrams()
{
    MinHasher h(3, 16, 1);
    std::vector<uint32_t> a, b;
    h.shingleHashes("x y z x y z", a); // 4 shingles: xyz yzx zxy xyz
    QCOMPARE(a.size(), size_t(4));
    QCOMPARE(a[0], a[3]);
    QVERIFY(a[0] != a[1] && a[1] != a[2] && a[0] != a[2]);
    // Case, spacing and punctuation do not change the words, so not the shingles.
    h.shingleHashes("X, Y;  z\tX y (Z)", b);
    QCOMPARE(b, a);
    // Fewer words than n: one shingle of all of them; no words: none, and the empty signature.
    h.shingleHashes("only two", a);
    QCOMPARE(a.size(), size_t(1));
    h.shingleHashes("two only", b);
    QVERIFY(a != b);
    std::vector<uint32_t> sig(16);
    QCOMPARE(h.signature(" ... ", sig.data()), size_t(0));
    QCOMPARE(sig, std::vector<uint32_t>(16, kEmptySignatureValue));
}

void TestMinHash::estimateErrorIsBinomial()
{
    // 400 pairs: a document of 120 random words and a copy with 0 to 80 words replaced,
    // so the exact Jaccard similarity of their 5-gram sets spans about 0 to 1.
    constexpr int numPerm = 128;
    std::mt19937_64 rng(99);
    const auto vocabulary = randomVocabulary(rng, 3000);
    MinHasher h(5, numPerm, 2026);
    double sumZ = 0, sumZ2 = 0;
    int pairs = 0;
    for (int trial = 0; trial < 400; ++trial) {
        std::vector<std::string> words(120);
        for (auto& w : words)
            w = vocabulary[rng() % vocabulary.size()];
        std::vector<std::string> copy = words;
        const int changes = trial % 81;
        for (int c = 0; c < changes; ++c)
            copy[rng() % copy.size()] = vocabulary[rng() % vocabulary.size()];
        std::string a, b;
        for (size_t i = 0; i < words.size(); ++i) {
            a += words[i] + " ";
            b += copy[i] + " ";
        }
        const double j = exactJaccard(shingleSet(a, 5), shingleSet(b, 5));
        const auto sa = signatureOf(h, a), sb = signatureOf(h, b);
        const double estimate = estimateJaccard(sa.data(), sb.data(), numPerm);
        if (j == 1.0 || j == 0.0) {
            QCOMPARE(estimate, j);
            continue;
        }
        // The number of agreeing values is Binomial(numPerm, j): 4.5 standard deviations
        // bound one pair (a miss has probability below 1e-5 per pair).
        const double sd = std::sqrt(j * (1 - j) / numPerm);
        QVERIFY2(std::abs(estimate - j) <= 4.5 * sd + 1e-12,
                 qPrintable(QString("J %1 estimate %2").arg(j).arg(estimate)));
        const double z = (estimate - j) / sd;
        sumZ += z;
        sumZ2 += z * z;
        ++pairs;
    }
    QVERIFY(pairs > 300);
    // Over all pairs the standardised errors have mean 0 (sd 1/sqrt(pairs)) and mean
    // square 1 (sd about sqrt(2/pairs)): no bias, and the variance the binomial predicts.
    const double meanZ = sumZ / pairs, meanZ2 = sumZ2 / pairs;
    QVERIFY2(std::abs(meanZ) < 4.0 / std::sqrt(pairs), qPrintable(QString::number(meanZ)));
    QVERIFY2(std::abs(meanZ2 - 1.0) < 4.0 * std::sqrt(2.0 / pairs), qPrintable(QString::number(meanZ2)));
}

void TestMinHash::badSettingsAreRefused()
{
    QVERIFY_THROWS_EXCEPTION(lw::Error, MinHasher(0, 128, 1));
    QVERIFY_THROWS_EXCEPTION(lw::Error, MinHasher(5, 1, 1));
    QVERIFY_THROWS_EXCEPTION(lw::Error, MinHasher(5, kMaxNumPerm + 1, 1));
}

LW_TEST_GUILESS_MAIN(TestMinHash)
#include "test_min_hash.moc"
