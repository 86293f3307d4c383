// The figure each task's evaluation is listed and charted by, computed by hand here.
#include "core/eval/evaluation_headline.h"
#include "test_registry.h"

#include <QtTest>
#include <cmath>

using namespace lw;

class TestEvaluationHeadline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void eachTaskHasItsFigure();
};

void TestEvaluationHeadline::eachTaskHasItsFigure()
{
    const auto ppl = eval::headlineOf("perplexity", {{"perplexity", 12.5}, {"tokens", 100}});
    QCOMPARE(ppl.metric, std::string("perplexity"));
    QCOMPARE(ppl.value, 12.5);
    QVERIFY(!ppl.higherIsBetter);
    QVERIFY(std::isnan(ppl.stderror));

    // A stored standard error is kept.
    const auto mc = eval::headlineOf("mc", {{"acc", 0.5}, {"acc_stderr", 0.1}, {"acc_norm", 0.7}, {"n", 26}});
    QCOMPARE(mc.metric, std::string("acc"));
    QCOMPARE(mc.stderror, 0.1);
    // Exact match 3 of 4 without one: sqrt(0.75 * 0.25 / 3) = 0.25.
    const auto em = eval::headlineOf("generate", {{"exact_match", 0.75}, {"n", 4}});
    QCOMPARE(em.stderror, 0.25);
    // Pairwise judge: 5 wins, 2 ties, 3 losses -> (5 + 1) / 10 = 0.6, sqrt(0.6 * 0.4 / 9).
    const auto pair = eval::headlineOf("judge", {{"wins", 5}, {"ties", 2}, {"losses", 3}, {"win_rate", 0.5}});
    QCOMPARE(pair.metric, std::string("win_rate"));
    QCOMPARE(pair.value, 0.6);
    QVERIFY(std::abs(pair.stderror - std::sqrt(0.24 / 9)) < 1e-15);
    // A grading judge with nothing scored has no figure.
    const auto unscored = eval::headlineOf("judge", {{"mean_score", nullptr}, {"n", 3}, {"unparsed", 3}});
    QCOMPARE(unscored.metric, std::string("mean_score"));
    QVERIFY(std::isnan(unscored.value));
    QCOMPARE(eval::headlineOf("judge", {{"mean_score", 7.5}}).value, 7.5);
}

LW_TEST_GUILESS_MAIN(TestEvaluationHeadline)
#include "test_evaluation_headline.moc"
