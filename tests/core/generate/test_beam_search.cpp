// Beam search on bigram models whose transition probabilities are set exactly: it finds
// a sequence at least as likely as greedy decoding (strictly more likely where greedy
// walks into a trap), its score is the recomputed log-probability, it ends hypotheses
// at end-of-text, and the fused decoder and the model's forward give the same beams.
#include "core/generate/generator.h"
#include "known_models.h"
#include "generation_test_support.h"
#include "test_registry.h"

#include <QtTest>
#include <cmath>

using namespace lw::generate;

using lw::test::tokensOf;

namespace {

constexpr int64_t kVocab = 12;

// Log-probability of `tokens` after `prompt`, from the model's full forward pass.
double sequenceLogProbability(lw::model::Transformer& model, const std::vector<int32_t>& prompt,
                              const std::vector<int32_t>& tokens)
{
    torch::NoGradGuard noGrad;
    std::vector<int64_t> ids(prompt.begin(), prompt.end());
    ids.insert(ids.end(), tokens.begin(), tokens.end());
    auto logp = torch::log_softmax(model->forward(torch::tensor(ids).view({1, -1}))[0].to(torch::kDouble), -1);
    double total = 0;
    for (size_t i = 0; i < tokens.size(); ++i)
        total += logp[int64_t(prompt.size() + i - 1)][tokens[i]].item<double>();
    return total;
}

GenerationRequest request(int64_t beams, int64_t maxTokens, double lengthPenalty = 1.0)
{
    GenerationRequest r;
    r.prompt = {0};
    r.settings.temperature = 0;
    r.settings.num_beams = beams;
    r.settings.max_tokens = maxTokens;
    r.settings.length_penalty = lengthPenalty;
    return r;
}

// Transition table of log-probabilities; row a: the next token after a.
torch::Tensor logTable(const std::vector<std::vector<double>>& rows)
{
    auto t = torch::empty({kVocab, kVocab});
    for (int64_t a = 0; a < kVocab; ++a)
        for (int64_t b = 0; b < kVocab; ++b)
            t.index_put_({a, b}, std::log(rows[size_t(a)][size_t(b)]));
    return t;
}

std::vector<double> spread(int64_t favourite, double p)
{
    std::vector<double> row(kVocab, (1.0 - p) / double(kVocab - 1));
    row[size_t(favourite)] = p;
    return row;
}

} // namespace

class TestBeamSearch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }
    void beamEscapesTheTrapGreedyWalksInto();
    void beamIsAtLeastAsLikelyAsGreedy_data();
    void beamIsAtLeastAsLikelyAsGreedy();
    void endOfTextFinishesAHypothesis();
    void fusedAndModelForwardAgree();
};

void TestBeamSearch::beamEscapesTheTrapGreedyWalksInto()
{
    // From 0: token 1 (0.5) beats token 2 (0.4), but after 1 everything is flat
    // (best 1/12) while after 2 token 3 follows with 0.9.
    std::vector<std::vector<double>> rows(kVocab, std::vector<double>(kVocab, 1.0 / kVocab));
    rows[0] = std::vector<double>(kVocab, 0.1 / double(kVocab - 2));
    rows[0][1] = 0.5;
    rows[0][2] = 0.4;
    rows[2] = spread(3, 0.9);
    auto model = lw::test::bigramModel(logTable(rows));
    Generator generator(model, nullptr);
    const auto greedyTokens = tokensOf(generator.generate(request(1, 2)));
    QCOMPARE(greedyTokens.front(), 1);
    auto beam = generator.generate(request(2, 2));
    QCOMPARE(tokensOf(beam), (std::vector<int32_t>{2, 3}));
    const double beamLogP = sequenceLogProbability(model, {0}, tokensOf(beam));
    QVERIFY(std::abs(beamLogP - std::log(0.4 * 0.9)) < 1e-4);
    QVERIFY(beamLogP > sequenceLogProbability(model, {0}, greedyTokens) + 1.0);
    // Score: log-probability / length^1.
    QVERIFY(std::abs(beam.beamScore - beamLogP / 2.0) < 1e-4);
    QVERIFY(std::abs(beam.tokens[1].probability - 0.9) < 1e-4);
}

void TestBeamSearch::beamIsAtLeastAsLikelyAsGreedy_data()
{
    QTest::addColumn<int>("seed");
    QTest::addColumn<int>("beams");
    for (int seed = 1; seed <= 6; ++seed)
        for (int beams : {2, 4})
            QTest::newRow(qPrintable(QString("seed %1, %2 beams").arg(seed).arg(beams))) << seed << beams;
}

void TestBeamSearch::beamIsAtLeastAsLikelyAsGreedy()
{
    QFETCH(int, seed);
    QFETCH(int, beams);
    auto generator = torch::make_generator<at::CPUGeneratorImpl>(uint64_t(seed));
    auto table = torch::log_softmax(2.0 * torch::randn({kVocab, kVocab}, generator), 1);
    auto model = lw::test::bigramModel(table);
    Generator g(model, nullptr);
    const auto greedyTokens = tokensOf(g.generate(request(1, 6)));
    const auto beamTokens = tokensOf(g.generate(request(beams, 6)));
    QCOMPARE(beamTokens.size(), size_t(6));
    const double greedyLogP = sequenceLogProbability(model, {0}, greedyTokens);
    const double beamLogP = sequenceLogProbability(model, {0}, beamTokens);
    QVERIFY2(beamLogP >= greedyLogP - 1e-5, qPrintable(QString("beam %1 < greedy %2").arg(beamLogP).arg(greedyLogP)));
}

void TestBeamSearch::endOfTextFinishesAHypothesis()
{
    // Token 11 plays end-of-text: very likely after 5, and 5 is likely after 0.
    std::vector<std::vector<double>> rows(kVocab, spread(4, 0.5));
    rows[0] = spread(5, 0.8);
    rows[5] = spread(11, 0.9);
    auto model = lw::test::bigramModel(logTable(rows));
    Generator g(model, nullptr);
    auto r = request(3, 8);
    r.endOfText = 11;
    auto result = g.generate(r);
    QCOMPARE(result.stopReason, StopReason::EndOfText);
    QCOMPARE(tokensOf(result), std::vector<int32_t>{5});
}

void TestBeamSearch::fusedAndModelForwardAgree()
{
    auto generator = torch::make_generator<at::CPUGeneratorImpl>(17);
    auto model = lw::test::bigramModel(torch::log_softmax(2.0 * torch::randn({kVocab, kVocab}, generator), 1));
    GeneratorOptions modelForward;
    modelForward.fusedCpu = false;
    Generator fused(model, nullptr), torchPath(model, nullptr, modelForward);
    auto r = request(3, 7, 0.5);
    r.settings.repetition_penalty = 1.5;
    QCOMPARE(tokensOf(fused.generate(r)), tokensOf(torchPath.generate(r)));
}

LW_TEST_GUILESS_MAIN(TestBeamSearch)
#include "test_beam_search.moc"
