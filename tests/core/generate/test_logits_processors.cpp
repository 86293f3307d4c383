// Logits processors and the token sampler, on rows whose distribution is known: the
// penalties follow their formulas, every filter keeps exactly its set, draws follow the
// kept probabilities and depend only on the seed.
#include "core/generate/logits_processors.h"
#include "core/generate/token_sampler.h"
#include "generation_test_support.h"
#include "test_registry.h"

#include <QtTest>
#include <cmath>
#include <map>
#include <set>

using namespace lw::generate;

using lw::test::logsOf;

namespace {

const std::vector<double> kProbs = {0.4, 0.3, 0.15, 0.1, 0.05};

std::map<int32_t, double> distribution(const std::vector<float>& logits, const SamplerSettings& s)
{
    std::vector<WeightedToken> out;
    std::vector<Candidate> candidates;
    std::vector<float> scratch;
    if (!filteredDistribution(logits.data(), int64_t(logits.size()), s, out, candidates, scratch))
        return {};
    std::map<int32_t, double> m;
    for (const auto& w : out)
        m[w.token] = w.probability;
    return m;
}

SamplerSettings unfiltered(double temperature = 1.0)
{
    SamplerSettings s;
    s.temperature = temperature;
    s.top_k = 0;
    return s;
}

} // namespace

class TestLogitsProcessors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void penaltiesFollowTheirFormulas();
    void penaltyWindowCountsOnlyTheLastTokens();
    void topKKeepsTheLargestAndBreaksTiesByLowerId();
    void filtersKeepExactlyTheirSet_data();
    void filtersKeepExactlyTheirSet();
    void topPWidensItsSearchOnFlatRows();
    void noFilterMeansTheWholeVocabulary();
    void greedyPicksTheArgmaxAndReportsModelProbabilities();
    void drawsStayInsideTheSetWithItsFrequencies_data();
    void drawsStayInsideTheSetWithItsFrequencies();
    void drawsDependOnlyOnTheSeed();
    void repetitionPenaltyMovesGreedyAwayButNotTheReportedProbability();
};

void TestLogitsProcessors::penaltiesFollowTheirFormulas()
{
    std::vector<float> logits = {2.0f, -1.0f, 0.5f, 3.0f};
    std::vector<TokenCount> counts;
    countRecentTokens({0, 0, 1, 3}, 0, counts);
    QCOMPARE(counts.size(), size_t(3));
    applyPenalties(logits.data(), 4, counts, 2.0, 0.5, 0.25);
    QCOMPARE(logits[0], 2.0f / 2 - 0.5f - 2 * 0.25f); // positive: divided; seen twice
    QCOMPARE(logits[1], -1.0f * 2 - 0.5f - 0.25f);     // negative: multiplied
    QCOMPARE(logits[2], 0.5f);                         // never seen
    QCOMPARE(logits[3], 3.0f / 2 - 0.5f - 0.25f);
}

void TestLogitsProcessors::penaltyWindowCountsOnlyTheLastTokens()
{
    std::vector<TokenCount> counts;
    countRecentTokens({5, 5, 5, 1, 2, 2}, 3, counts);
    QCOMPARE(counts.size(), size_t(2));
    QCOMPARE(counts[0].token, 1);
    QCOMPARE(counts[0].count, 1);
    QCOMPARE(counts[1].token, 2);
    QCOMPARE(counts[1].count, 2);
}

void TestLogitsProcessors::topKKeepsTheLargestAndBreaksTiesByLowerId()
{
    std::vector<float> logits = {1, 5, 3, 5, -2, 3, 0};
    std::vector<Candidate> top;
    topKCandidates(logits.data(), 7, 3, top);
    QCOMPARE(top.size(), size_t(3));
    QCOMPARE(top[0].token, 1);
    QCOMPARE(top[1].token, 3);
    QCOMPARE(top[2].token, 2); // 2 and 5 tie at 3: the lower id
    topKCandidates(logits.data(), 7, 100, top);
    QCOMPARE(top.size(), size_t(7));
    QCOMPARE(top.back().token, 4);
}

void TestLogitsProcessors::filtersKeepExactlyTheirSet_data()
{
    QTest::addColumn<int>("topK");
    QTest::addColumn<double>("topP");
    QTest::addColumn<double>("minP");
    QTest::addColumn<double>("temperature");
    QTest::addColumn<QList<int>>("kept");
    QTest::newRow("top-k 2") << 2 << 1.0 << 0.0 << 1.0 << QList<int>{0, 1};
    QTest::newRow("top-k 1") << 1 << 1.0 << 0.0 << 1.0 << QList<int>{0};
    QTest::newRow("top-p 0.69") << 0 << 0.69 << 0.0 << 1.0 << QList<int>{0, 1};
    QTest::newRow("top-p 0.71") << 0 << 0.71 << 0.0 << 1.0 << QList<int>{0, 1, 2};
    QTest::newRow("top-p 0.3") << 0 << 0.3 << 0.0 << 1.0 << QList<int>{0};
    QTest::newRow("min-p 0.3") << 0 << 1.0 << 0.3 << 1.0 << QList<int>{0, 1, 2};
    QTest::newRow("min-p 0.5") << 0 << 1.0 << 0.5 << 1.0 << QList<int>{0, 1};
    // Over the top 3 (mass 0.85) the first two hold 0.7/0.85 = 0.82 >= 0.8.
    QTest::newRow("top-k 3 then top-p 0.8") << 3 << 0.8 << 0.0 << 1.0 << QList<int>{0, 1};
    // Temperature 2 flattens to p^(1/2): 0.632, 0.548, 0.387, 0.316, 0.224 (sum 2.107).
    QTest::newRow("temperature 2, top-p 0.6") << 0 << 0.6 << 0.0 << 2.0 << QList<int>{0, 1, 2};
    QTest::newRow("all three") << 4 << 0.95 << 0.3 << 1.0 << QList<int>{0, 1, 2};
}

void TestLogitsProcessors::filtersKeepExactlyTheirSet()
{
    QFETCH(int, topK);
    QFETCH(double, topP);
    QFETCH(double, minP);
    QFETCH(double, temperature);
    QFETCH(QList<int>, kept);
    SamplerSettings s = unfiltered(temperature);
    s.top_k = topK;
    s.top_p = topP;
    s.min_p = minP;
    auto d = distribution(logsOf(kProbs), s);
    QCOMPARE(int(d.size()), int(kept.size()));
    double keptMass = 0;
    for (int token : kept)
        keptMass += std::pow(kProbs[size_t(token)], 1.0 / temperature);
    for (int token : kept) {
        QVERIFY(d.count(token));
        QVERIFY(std::abs(d[token] - std::pow(kProbs[size_t(token)], 1.0 / temperature) / keptMass) < 1e-6);
    }
}

void TestLogitsProcessors::topPWidensItsSearchOnFlatRows()
{
    // 1000 equally likely tokens: half the mass needs 500 of them (beyond the first
    // search of 64 candidates).
    std::vector<float> flat(1000, 0.25f);
    SamplerSettings s = unfiltered();
    s.top_p = 0.5;
    auto d = distribution(flat, s);
    QCOMPARE(int(d.size()), 500);
    QCOMPARE(d.begin()->first, 0);
    QCOMPARE(d.rbegin()->first, 499);
}

void TestLogitsProcessors::noFilterMeansTheWholeVocabulary()
{
    QVERIFY(distribution(logsOf(kProbs), unfiltered()).empty());
    SamplerSettings s = unfiltered();
    s.top_k = 5; // as large as the vocabulary: no filter
    QVERIFY(distribution(logsOf(kProbs), s).empty());
}

void TestLogitsProcessors::greedyPicksTheArgmaxAndReportsModelProbabilities()
{
    SamplerSettings s;
    s.temperature = 0;
    s.top_alternatives = 3;
    TokenSampler sampler(s);
    auto logits = logsOf({0.1, 0.2, 0.6, 0.1});
    auto choice = sampler.choose(logits.data(), 4, {});
    QCOMPARE(choice.token, 2);
    QVERIFY(std::abs(choice.probability - 0.6f) < 1e-6f);
    QCOMPARE(choice.samplingProbability, 1.0f);
    QCOMPARE(choice.alternatives.size(), size_t(3));
    QCOMPARE(choice.alternatives[0].token, 2);
    QCOMPARE(choice.alternatives[1].token, 1);
    QCOMPARE(choice.alternatives[2].token, 0); // 0 and 3 tie: the lower id
    QVERIFY(std::abs(choice.alternatives[1].probability - 0.2f) < 1e-6f);
}

void TestLogitsProcessors::drawsStayInsideTheSetWithItsFrequencies_data()
{
    QTest::addColumn<int>("topK");
    QTest::addColumn<double>("topP");
    QTest::addColumn<double>("minP");
    QTest::addColumn<QList<int>>("kept");
    QTest::newRow("top-k 2") << 2 << 1.0 << 0.0 << QList<int>{0, 1};
    QTest::newRow("top-p 0.69") << 0 << 0.69 << 0.0 << QList<int>{0, 1};
    QTest::newRow("min-p 0.3") << 0 << 1.0 << 0.3 << QList<int>{0, 1, 2};
    QTest::newRow("unfiltered") << 0 << 1.0 << 0.0 << QList<int>{0, 1, 2, 3, 4};
}

void TestLogitsProcessors::drawsStayInsideTheSetWithItsFrequencies()
{
    QFETCH(int, topK);
    QFETCH(double, topP);
    QFETCH(double, minP);
    QFETCH(QList<int>, kept);
    SamplerSettings s = unfiltered();
    s.top_k = topK;
    s.top_p = topP;
    s.min_p = minP;
    s.seed = 99;
    TokenSampler sampler(s);
    const int draws = 20000;
    std::map<int32_t, int> seen;
    const auto logits = logsOf(kProbs);
    for (int i = 0; i < draws; ++i) {
        auto row = logits;
        auto choice = sampler.choose(row.data(), 5, {});
        QVERIFY2(kept.contains(choice.token), qPrintable(QString::number(choice.token)));
        ++seen[choice.token];
    }
    double keptMass = 0;
    for (int t : kept)
        keptMass += kProbs[size_t(t)];
    for (int t : kept) {
        const double expected = kProbs[size_t(t)] / keptMass;
        const double observed = double(seen[t]) / draws;
        // Five standard deviations of a binomial frequency.
        QVERIFY2(std::abs(observed - expected) < 5 * std::sqrt(expected * (1 - expected) / draws),
                 qPrintable(QString("token %1: %2 vs %3").arg(t).arg(observed).arg(expected)));
    }
}

void TestLogitsProcessors::drawsDependOnlyOnTheSeed()
{
    auto run = [](uint64_t seed) {
        SamplerSettings s = unfiltered(0.9);
        s.seed = seed;
        TokenSampler sampler(s);
        std::vector<int32_t> tokens;
        for (int i = 0; i < 64; ++i) {
            auto row = logsOf(kProbs);
            tokens.push_back(sampler.choose(row.data(), 5, tokens).token);
        }
        return tokens;
    };
    QCOMPARE(run(7), run(7));
    QVERIFY(run(7) != run(8));
}

void TestLogitsProcessors::repetitionPenaltyMovesGreedyAwayButNotTheReportedProbability()
{
    SamplerSettings s;
    s.temperature = 0;
    s.repetition_penalty = 4.0;
    TokenSampler sampler(s);
    auto logits = std::vector<float>{2.0f, 1.0f, -3.0f};
    // Token 0 was seen: 2 / 4 = 0.5 < 1, so token 1 wins; the probability reported is
    // still the model's softmax.
    auto choice = sampler.choose(logits.data(), 3, {0});
    QCOMPARE(choice.token, 1);
    const double z = std::exp(2.0) + std::exp(1.0) + std::exp(-3.0);
    QVERIFY(std::abs(choice.probability - std::exp(1.0) / z) < 1e-6);
}

LW_TEST_GUILESS_MAIN(TestLogitsProcessors)
#include "test_logits_processors.moc"
