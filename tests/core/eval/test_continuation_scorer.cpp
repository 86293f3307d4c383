// Continuation scores against the model's own fused loss (a second path through the
// network): with every target but the continuation's masked, loss x tokens is minus the
// summed log-probability. The fast path (shared context cache, batched continuations)
// is compared with scoreReference(), one full pass per continuation.
#include "core/eval/continuation_scorer.h"
#include "core/util/error.h"
#include "eval_test_support.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;

class TestContinuationScorer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scoresEqualTheMaskedLoss_data();
    void scoresEqualTheMaskedLoss();
    void longContextKeepsItsNewestTokens();
    void fastEqualsReference_data();
    void fastEqualsReference();
    void badInputIsRefused();
};

namespace {

// -sum log p(continuation | context) through loss() with the other targets masked.
double maskedLossSum(model::Transformer& m, const std::vector<int32_t>& context, const std::vector<int32_t>& cont)
{
    std::vector<int64_t> all(context.begin(), context.end());
    all.insert(all.end(), cont.begin(), cont.end());
    std::vector<int64_t> input(all.begin(), all.end() - 1);
    std::vector<int64_t> targets(input.size(), -1);
    for (size_t i = 0; i < cont.size(); ++i)
        targets[input.size() - cont.size() + i] = all[all.size() - cont.size() + i];
    torch::NoGradGuard noGrad;
    const auto loss = m->loss(torch::tensor(input).unsqueeze(0), torch::tensor(targets).unsqueeze(0));
    return loss.item<double>() * double(cont.size());
}

} // namespace

void TestContinuationScorer::scoresEqualTheMaskedLoss_data()
{
    QTest::addColumn<int>("family");
    QTest::newRow("gpt2") << int(model::Family::Gpt2);
    QTest::newRow("llama") << int(model::Family::Llama);
}

void TestContinuationScorer::scoresEqualTheMaskedLoss()
{
    QFETCH(int, family);
    auto m = test::evalTinyModel(model::Family(family), 7);
    eval::ContinuationScorer scorer(m);
    const std::vector<int32_t> context = {3, 9, 27, 1, 44};
    const std::vector<std::vector<int32_t>> choices = {{5}, {6, 7}, {8, 9, 10, 11}};
    const auto scores = scorer.score(context, choices);
    QCOMPARE(scores.size(), choices.size());
    for (size_t i = 0; i < choices.size(); ++i) {
        QCOMPARE(scores[i].tokens, int64_t(choices[i].size()));
        const double expected = -maskedLossSum(m, context, choices[i]);
        QVERIFY2(std::abs(scores[i].logprob - expected) < 1e-4 * std::max(1.0, std::abs(expected)),
                 qPrintable(QString("%1 vs %2").arg(scores[i].logprob).arg(expected)));
    }
}

void TestContinuationScorer::longContextKeepsItsNewestTokens()
{
    auto m = test::evalTinyModel(model::Family::Gpt2, 3);
    eval::ContinuationScorer scorer(m);
    std::vector<int32_t> longContext;
    for (int i = 0; i < 40; ++i)
        longContext.push_back((i * 7) % 50);
    const std::vector<int32_t> cont = {4, 2};
    // A window of 24 positions reads 24 inputs: the last 23 context tokens and cont[0].
    const std::vector<int32_t> newest(longContext.end() - 23, longContext.end());
    const auto truncated = scorer.score(longContext, {cont});
    const auto direct = scorer.score(newest, {cont});
    QCOMPARE(truncated[0].logprob, direct[0].logprob);
}

void TestContinuationScorer::fastEqualsReference_data()
{
    QTest::addColumn<int>("family");
    QTest::addColumn<int>("contextLength");
    QTest::addColumn<QList<int>>("choiceLengths");
    for (int f : {int(model::Family::Gpt2), int(model::Family::Llama)}) {
        const QString name = f == int(model::Family::Gpt2) ? "gpt2" : "llama";
        QTest::newRow(qPrintable(name + " mixed lengths")) << f << 9 << QList<int>{1, 4, 2, 7};
        QTest::newRow(qPrintable(name + " one-token context")) << f << 1 << QList<int>{3, 1, 5};
        // 24 positions: 20 + 5 - 1 = 24 fits exactly, 20 + 6 - 1 pushes one context token out.
        QTest::newRow(qPrintable(name + " at the window edge")) << f << 20 << QList<int>{5, 6, 2};
        QTest::newRow(qPrintable(name + " truncated, groups")) << f << 40 << QList<int>{3, 8, 3, 24, 1};
    }
}

void TestContinuationScorer::fastEqualsReference()
{
    QFETCH(int, family);
    QFETCH(int, contextLength);
    QFETCH(QList<int>, choiceLengths);
    auto m = test::evalTinyModel(model::Family(family), 19);
    eval::ContinuationScorer scorer(m);
    std::vector<int32_t> context;
    for (int i = 0; i < contextLength; ++i)
        context.push_back((i * 13 + 2) % 50);
    std::vector<std::vector<int32_t>> choices;
    for (int c = 0; c < choiceLengths.size(); ++c) {
        choices.emplace_back();
        for (int i = 0; i < choiceLengths[c]; ++i)
            choices.back().push_back((c * 11 + i * 7 + 1) % 50);
    }
    const auto fast = scorer.score(context, choices);
    const auto reference = scorer.scoreReference(context, choices);
    QCOMPARE(fast.size(), reference.size());
    for (size_t i = 0; i < fast.size(); ++i) {
        QCOMPARE(fast[i].tokens, reference[i].tokens);
        QCOMPARE(fast[i].greedy, reference[i].greedy);
        QVERIFY2(std::abs(fast[i].logprob - reference[i].logprob) < 1e-4 * std::max(1.0, std::abs(reference[i].logprob)),
                 qPrintable(QString("choice %1: %2 vs %3").arg(i).arg(fast[i].logprob).arg(reference[i].logprob)));
    }
}

void TestContinuationScorer::badInputIsRefused()
{
    auto m = test::evalTinyModel(model::Family::Gpt2, 3);
    eval::ContinuationScorer scorer(m);
    QVERIFY_THROWS_EXCEPTION(lw::Error, scorer.score({}, {{1}}));
    QVERIFY_THROWS_EXCEPTION(lw::Error, scorer.score({1}, {{}}));
    QVERIFY_THROWS_EXCEPTION(lw::Error, scorer.score({1}, {std::vector<int32_t>(25, 1)}));
    QVERIFY_THROWS_EXCEPTION(lw::Error, scorer.scoreReference({}, {{1}}));
    QVERIFY_THROWS_EXCEPTION(lw::Error, scorer.scoreReference({1}, {std::vector<int32_t>(25, 1)}));
}

LW_TEST_GUILESS_MAIN(TestContinuationScorer)
#include "test_continuation_scorer.moc"
