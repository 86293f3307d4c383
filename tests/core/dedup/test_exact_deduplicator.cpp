// Exact deduplication: texts that differ only in case and white space (and, when asked,
// punctuation) are one cluster; the first row of each stays and later ones name it. The
// expected decisions come from a second, plain implementation in the test (ASCII
// lower-casing, std::istringstream word splitting, std::map of the joined words).
#include "core/dedup/exact_deduplicator.h"
#include "test_registry.h"

#include <QtTest>

#include <cctype>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace lw::dedup;

namespace {

// The same rule for ASCII text, written the obvious way.
std::string plainNormalise(const std::string& text)
{
    std::string lower;
    for (char c : text)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    std::istringstream in(lower);
    std::string word, joined;
    while (in >> word)
        joined += (joined.empty() ? "" : " ") + word;
    return joined;
}

std::string randomVariant(const std::string& words, std::mt19937_64& rng)
{
    static const char* const spaces[] = {" ", "  ", "\t", "\n", " \r\n "};
    std::string out = rng() % 2 ? " " : "";
    std::istringstream in(words);
    std::string word;
    bool first = true;
    while (in >> word) {
        if (!first)
            out += spaces[rng() % 5];
        first = false;
        for (char& c : word)
            if (rng() % 2)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out += word;
    }
    return out + (rng() % 2 ? "\n" : "");
}

} // namespace

class TestExactDeduplicator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void variantsOfOneTextAreOneCluster();
    void decisionsMatchAPlainImplementation();
    void punctuationOnlyMattersWhenKept();
    void firstRowOfRemembersNothing();
    void rerunGivesTheSameDecisions();
};

void TestExactDeduplicator::variantsOfOneTextAreOneCluster()
{
    ExactDeduplicator dedup;
    QCOMPARE(dedup.add("The quick brown fox").duplicate, false);
    QCOMPARE(dedup.add("Something else").duplicate, false);
    for (const char* variant : {"the quick brown fox", "  THE   quick\tbrown\nFox  ", "The quick brown fox\r\n"}) {
        const ExactMatch m = dedup.add(variant);
        QVERIFY2(m.duplicate, variant);
        QCOMPARE(m.firstRow, int64_t(0));
    }
    // Word boundaries matter: joining two words is a different text.
    QCOMPARE(dedup.isDuplicate("The quickbrown fox"), false);
    QCOMPARE(dedup.rows(), int64_t(6));
    QCOMPARE(dedup.distinctRows(), int64_t(3));
    // Unicode case folding: the capitals of a Vietnamese sentence match its lower case.
    QCOMPARE(dedup.isDuplicate("Tiếng Việt có dấu"), false);
    QCOMPARE(dedup.add("TIẾNG VIỆT CÓ DẤU").firstRow, int64_t(6));
}

void TestExactDeduplicator::decisionsMatchAPlainImplementation()
{
    // 3000 rows drawn from 400 base texts of 1 to 6 words, each in a random case and
    // spacing variant, so many rows repeat a text seen earlier.
    std::mt19937_64 rng(20261207);
    const std::vector<std::string> vocabulary = {"alpha", "beta", "gamma", "delta", "omega", "river",
                                                 "stone", "light", "seven", "paper"};
    std::vector<std::string> bases;
    for (int i = 0; i < 400; ++i) {
        std::string text;
        const int n = 1 + static_cast<int>(rng() % 6);
        for (int w = 0; w < n; ++w)
            text += (w ? " " : "") + vocabulary[rng() % vocabulary.size()];
        bases.push_back(text);
    }
    ExactDeduplicator dedup;
    std::map<std::string, int64_t> firstRow;
    int duplicates = 0;
    for (int64_t row = 0; row < 3000; ++row) {
        const std::string text = randomVariant(bases[rng() % bases.size()], rng);
        const auto [it, inserted] = firstRow.emplace(plainNormalise(text), row);
        const ExactMatch m = dedup.add(text);
        QCOMPARE(m.duplicate, !inserted);
        QCOMPARE(m.firstRow, inserted ? int64_t(-1) : it->second);
        duplicates += m.duplicate;
    }
    QCOMPARE(dedup.distinctRows(), int64_t(firstRow.size()));
    QVERIFY(duplicates > 1000); // the draw really repeats texts
    QVERIFY(dedup.memoryBytes() >= firstRow.size() * (sizeof(Hash128) + sizeof(int64_t)));
}

void TestExactDeduplicator::punctuationOnlyMattersWhenKept()
{
    ExactDeduplicator keeping(false);
    ExactDeduplicator stripping(true);
    for (auto* d : {&keeping, &stripping})
        d->add("Hello, world!");
    QCOMPARE(keeping.isDuplicate("hello world"), false);
    QCOMPARE(stripping.isDuplicate("hello world"), true);
    QCOMPARE(stripping.add("HELLO... WORLD").firstRow, int64_t(0));
}

void TestExactDeduplicator::firstRowOfRemembersNothing()
{
    ExactDeduplicator dedup;
    dedup.add("one");
    dedup.add("two");
    QCOMPARE(dedup.firstRowOf(" TWO "), int64_t(1));
    QCOMPARE(dedup.firstRowOf("three"), int64_t(-1));
    QCOMPARE(dedup.firstRowOf("three"), int64_t(-1));
    QCOMPARE(dedup.rows(), int64_t(2));
    QCOMPARE(dedup.add("three").duplicate, false);
    QCOMPARE(dedup.firstRowOf("three"), int64_t(2));
}

void TestExactDeduplicator::rerunGivesTheSameDecisions()
{
    std::vector<std::string> texts;
    for (int i = 0; i < 5000; ++i)
        texts.push_back("row " + std::to_string(i % 1700) + (i % 3 ? " X" : " x"));
    auto run = [&] {
        ExactDeduplicator dedup;
        std::vector<int64_t> decisions;
        for (const auto& t : texts)
            decisions.push_back(dedup.add(t).firstRow);
        return decisions;
    };
    const auto first = run();
    QCOMPARE(run(), first);
    // Independently: row i repeats text i % 1700, first seen at row i % 1700.
    for (int i = 0; i < 5000; ++i)
        QCOMPARE(first[i], i < 1700 ? int64_t(-1) : int64_t(i % 1700));
}

LW_TEST_GUILESS_MAIN(TestExactDeduplicator)
#include "test_exact_deduplicator.moc"
