// acc, acc_norm, their standard errors and the per-subject figures, checked against
// log-probabilities computed here straight from the model's logits.
#include "core/eval/choice_scoring.h"
#include "core/util/error.h"
#include "eval_test_support.h"
#include "test_registry.h"

#include <QtTest>

#include <cmath>

using namespace lw;
using eval::ChoiceRequest;

class TestChoiceScoring : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scoresFollowTheModelsLogProbabilities();
    void accAndAccNormDisagreeWhenLengthsDiffer();
    void stderrIsTheHarnessMeanStderr();
    void tiesGoToTheFirstChoice();
    void progressCancels();
};

namespace {

// log p(continuation | context), summed, from one forward pass over context + continuation.
double directLogprob(model::Transformer& m, const std::vector<int32_t>& context, const std::vector<int32_t>& cont)
{
    std::vector<int64_t> all(context.begin(), context.end());
    all.insert(all.end(), cont.begin(), cont.end());
    torch::NoGradGuard noGrad;
    const auto input = torch::tensor(std::vector<int64_t>(all.begin(), all.end() - 1)).unsqueeze(0);
    const auto logprobs = m->forward(input).squeeze(0).to(torch::kFloat64).log_softmax(-1);
    double sum = 0;
    for (size_t i = 0; i < cont.size(); ++i) {
        const int64_t position = int64_t(context.size() + i) - 1;
        sum += logprobs[position][cont[i]].item<double>();
    }
    return sum;
}

ChoiceRequest scoringRequest(size_t index, std::string subject, int64_t gold, std::vector<int32_t> context,
                             std::vector<std::vector<int32_t>> continuations, std::vector<int64_t> characters)
{
    ChoiceRequest r;
    r.index = index;
    r.subject = std::move(subject);
    r.gold = gold;
    r.tokens.context = std::move(context);
    r.tokens.continuations = std::move(continuations);
    r.tokens.characters = std::move(characters);
    return r;
}

int64_t argmaxOf(const std::vector<double>& v)
{
    int64_t best = 0;
    for (size_t i = 1; i < v.size(); ++i)
        if (v[i] > v[size_t(best)])
            best = int64_t(i);
    return best;
}

} // namespace

void TestChoiceScoring::scoresFollowTheModelsLogProbabilities()
{
    auto m = test::evalTinyModel(model::Family::Gpt2, 11);
    eval::ContinuationScorer scorer(m);
    std::vector<ChoiceRequest> requests;
    for (size_t i = 0; i < 8; ++i) {
        const int32_t base = int32_t(i * 5);
        requests.push_back(scoringRequest(i, i < 5 ? "alpha" : "beta", int64_t(i % 3),
                                          {int32_t(1 + i), int32_t((base + 3) % 50), int32_t((base + 7) % 50)},
                                          {{int32_t((base + 11) % 50)},
                                           {int32_t((base + 12) % 50), int32_t((base + 13) % 50)},
                                           {int32_t((base + 14) % 50), int32_t((base + 15) % 50), int32_t((base + 16) % 50)}},
                                          {int64_t(3 + i % 2), 6, int64_t(9 + i)}));
    }
    const auto result = eval::evaluateChoices(scorer, requests);
    QCOMPARE(result.examples.size(), requests.size());

    std::map<std::string, std::array<double, 3>> bySubject; // acc hits, acc_norm hits, n
    double accHits = 0, normHits = 0;
    for (size_t i = 0; i < requests.size(); ++i) {
        const auto& r = requests[i];
        const auto& e = result.examples[i];
        std::vector<double> raw, norm;
        for (size_t c = 0; c < r.tokens.continuations.size(); ++c) {
            const double lp = directLogprob(m, r.tokens.context, r.tokens.continuations[c]);
            QVERIFY2(std::abs(e.choices[c].logprob - lp) < 1e-5, qPrintable(QString("%1 vs %2").arg(e.choices[c].logprob).arg(lp)));
            QCOMPARE(e.choices[c].tokens, int64_t(r.tokens.continuations[c].size()));
            QCOMPARE(e.choices[c].characters, r.tokens.characters[c]);
            raw.push_back(lp);
            norm.push_back(lp / double(r.tokens.characters[c]));
        }
        QCOMPARE(e.index, i);
        QCOMPARE(e.gold, r.gold);
        QCOMPARE(e.subject, r.subject);
        QCOMPARE(e.predicted, argmaxOf(raw));
        QCOMPARE(e.predictedNorm, argmaxOf(norm));
        const double hit = e.predicted == r.gold, normHit = e.predictedNorm == r.gold;
        accHits += hit;
        normHits += normHit;
        auto& s = bySubject[r.subject];
        s[0] += hit;
        s[1] += normHit;
        s[2] += 1;
    }
    const double n = double(requests.size());
    const auto& summary = result.summary;
    QCOMPARE(summary.n, int64_t(8));
    QCOMPARE(summary.acc, accHits / n);
    QCOMPARE(summary.accNorm, normHits / n);
    const double p = accHits / n, q = normHits / n;
    QVERIFY(std::abs(summary.accStderr - std::sqrt(p * (1 - p) / (n - 1))) < 1e-12);
    QVERIFY(std::abs(summary.accNormStderr - std::sqrt(q * (1 - q) / (n - 1))) < 1e-12);
    QCOMPARE(summary.subjects.size(), size_t(2));
    for (const auto& [name, s] : bySubject) {
        const auto& f = summary.subjects.at(name);
        QCOMPARE(f.n, int64_t(s[2]));
        QCOMPARE(f.acc, s[0] / s[2]);
        QCOMPARE(f.accNorm, s[1] / s[2]);
    }
    QCOMPARE(summary.subjects.at("alpha").n, int64_t(5));
}

void TestChoiceScoring::accAndAccNormDisagreeWhenLengthsDiffer()
{
    auto m = test::evalTinyModel(model::Family::Llama, 5);
    eval::ContinuationScorer scorer(m);
    const std::vector<int32_t> context = {2, 17, 33};
    const std::vector<int32_t> shortChoice = {9}, longChoice = {21, 4, 40, 8};
    // Four tokens almost surely cost more than one: the short choice wins on the sum...
    const double lpShort = directLogprob(m, context, shortChoice);
    const double lpLong = directLogprob(m, context, longChoice);
    QVERIFY(lpShort > lpLong);
    // ...and a long enough text makes the long one win per character:
    // lpLong / chars > lpShort / 1  <=>  chars > lpLong / lpShort (both negative).
    const int64_t longChars = int64_t(std::floor(lpLong / lpShort)) + 1;
    const auto result = eval::evaluateChoices(
        scorer, {scoringRequest(0, "", 1, context, {shortChoice, longChoice}, {1, longChars})});
    const auto& e = result.examples[0];
    QCOMPARE(e.predicted, int64_t(0));
    QCOMPARE(e.predictedNorm, int64_t(1));
    QCOMPARE(result.summary.acc, 0.0);
    QCOMPARE(result.summary.accNorm, 1.0);
    QVERIFY(std::isnan(result.summary.accStderr)); // one item has no spread
    QVERIFY(result.summary.subjects.empty());
}

void TestChoiceScoring::stderrIsTheHarnessMeanStderr()
{
    // [1, 0, 1, 1]: mean 0.75, squared deviations 3 x 0.0625 + 0.5625 = 0.75,
    // sample sd sqrt(0.75 / 3) = 0.5, stderr 0.5 / sqrt(4) = 0.25.
    QCOMPARE(eval::meanStderr({1, 0, 1, 1}), 0.25);
    // [2, 4, 9]: mean 5, squares 9 + 1 + 16 = 26, sd sqrt(13), stderr sqrt(13 / 3).
    QVERIFY(std::abs(eval::meanStderr({2, 4, 9}) - std::sqrt(13.0 / 3.0)) < 1e-12);
    QVERIFY(std::isnan(eval::meanStderr({1})));
}

void TestChoiceScoring::tiesGoToTheFirstChoice()
{
    eval::ChoiceRequest r;
    r.gold = 1;
    const auto e = eval::decideChoice(r, {{-2.0, 1, 2}, {-2.0, 1, 4}, {-3.0, 1, 6}});
    QCOMPARE(e.predicted, int64_t(0));     // -2 = -2 > -3: the first
    QCOMPARE(e.predictedNorm, int64_t(1)); // -1, -0.5, -0.5: the first of the two -0.5
}

void TestChoiceScoring::progressCancels()
{
    auto m = test::evalTinyModel(model::Family::Gpt2, 2);
    eval::ContinuationScorer scorer(m);
    std::vector<ChoiceRequest> requests;
    for (size_t i = 0; i < 5; ++i)
        requests.push_back(scoringRequest(i, "", 0, {1, 2}, {{3}, {4}}, {1, 1}));
    std::vector<size_t> seen;
    const auto result = eval::evaluateChoices(scorer, requests, [&](size_t done, size_t total) {
        seen.push_back(done);
        return total == 5;
    });
    QCOMPARE(seen, (std::vector<size_t>{1, 2, 3, 4, 5}));
    size_t calls = 0;
    QVERIFY_THROWS_EXCEPTION(Error, eval::evaluateChoices(scorer, requests, [&](size_t, size_t) { return ++calls < 2; }));
    QCOMPARE(calls, size_t(2));
}

LW_TEST_GUILESS_MAIN(TestChoiceScoring)
#include "test_choice_scoring.moc"
