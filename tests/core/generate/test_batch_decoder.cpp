// The step-level decoder under continuous batching: sequences admitted while others
// decode, and ones that take a slot another just left, get the tokens they get alone
// (greedy and seeded, GPT-2 and Llama shapes, on the fused CPU decoder and the model's
// own forward); a cancelled sequence leaves at the next step without another forward
// pass; a free slot holding a prompt's prefix is reused; a full decoder, beam search
// and an empty prompt are refused.
#include "core/generate/generator.h"
#include "generation_test_support.h"
#include "test_registry.h"

#include <QtTest>
#include <map>

using namespace lw::generate;
using lw::model::Transformer;
using lw::test::tokensOf;

namespace {

// Random weights, logits spread wide: greedy choices are far from ties.
Transformer spreadLogitsModel(const char* preset, uint64_t seed)
{
    auto c = lw::model::presetConfig(preset);
    c.context_length = 256;
    Transformer m(c);
    m->initializeWeights(seed);
    torch::NoGradGuard noGrad;
    m->outputWeight().mul_(30.0);
    m->eval();
    return m;
}

GenerationRequest continuation(std::vector<int32_t> prompt, int64_t maxTokens, uint64_t seed = 0)
{
    GenerationRequest r;
    r.prompt = std::move(prompt);
    r.settings.max_tokens = maxTokens;
    r.settings.stop_at_eos = false;
    r.settings.temperature = seed ? 0.9 : 0.0;
    r.settings.top_k = 0;
    r.settings.seed = seed;
    return r;
}

// Steps `decoder` until every sequence has ended; results by sequence id.
std::map<BatchDecoder::SequenceId, GenerationResult> drain(BatchDecoder& decoder)
{
    std::map<BatchDecoder::SequenceId, GenerationResult> results;
    while (!decoder.idle())
        for (auto& done : decoder.step())
            results[done.id] = std::move(done.result);
    return results;
}

} // namespace

class TestBatchDecoder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }
    void sequencesJoiningMidRunGetTheirTokensAlone_data();
    void sequencesJoiningMidRunGetTheirTokensAlone();
    void aCancelledSequenceLeavesAtTheNextStep();
    void aFreeSlotWithThePromptsPrefixIsReused();
    void refusesWhatItCannotRun();
};

void TestBatchDecoder::sequencesJoiningMidRunGetTheirTokensAlone_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<bool>("fused");
    QTest::newRow("gpt2 fused") << "tiny" << true;
    QTest::newRow("llama fused") << "llama-tiny" << true;
    QTest::newRow("gpt2 torch") << "tiny" << false;
}

void TestBatchDecoder::sequencesJoiningMidRunGetTheirTokensAlone()
{
    QFETCH(QString, preset);
    QFETCH(bool, fused);
    Transformer model = spreadLogitsModel(preset.toUtf8().constData(), 17);
    GeneratorOptions options;
    options.fusedCpu = fused;
    Generator generator(model, nullptr, options);
    auto decoder = generator.batchDecoder(3);
    const std::vector<GenerationRequest> requests = {
        continuation({1, 2, 3}, 60),         continuation({4, 5}, 12, 7),  continuation({9, 9, 1, 4}, 20),
        continuation({6}, 30, 8),            continuation({2, 7, 1, 8}, 25), continuation({3, 1, 4, 1, 5}, 18, 9)};
    // The first starts alone; one more joins every few steps; whoever waits takes the
    // slot of the next one to end.
    std::map<BatchDecoder::SequenceId, size_t> requestOf;
    std::map<BatchDecoder::SequenceId, GenerationResult> results;
    size_t next = 0;
    int steps = 0;
    while (next < requests.size() || !decoder->idle()) {
        if (next < requests.size() && !decoder->full() && (next == 0 || steps % 4 == 3)) {
            requestOf[decoder->admit(requests[next])] = next;
            ++next;
        }
        for (auto& done : decoder->step())
            results[done.id] = std::move(done.result);
        ++steps;
        QVERIFY(decoder->active() <= 3);
    }
    QCOMPARE(results.size(), requests.size());
    for (const auto& [id, result] : results) {
        Generator alone(model, nullptr, options);
        const GenerationRequest& r = requests[requestOf[id]];
        QCOMPARE(tokensOf(result), tokensOf(alone.generate(r)));
        QCOMPARE(int64_t(result.tokens.size()), r.settings.max_tokens);
        QCOMPARE(result.stopReason, StopReason::MaxTokens);
        QCOMPARE(result.stats.promptTokens, int64_t(r.prompt.size()));
    }
}

void TestBatchDecoder::aCancelledSequenceLeavesAtTheNextStep()
{
    Generator generator(spreadLogitsModel("tiny", 3), nullptr);
    auto decoder = generator.batchDecoder(2);
    const auto leaving = decoder->admit(continuation({1, 2}, 100));
    const auto staying = decoder->admit(continuation({3, 4}, 10));
    decoder->step();
    decoder->step(); // two tokens each
    decoder->cancel(leaving);
    const auto finished = decoder->step();
    QCOMPARE(finished.size(), size_t(1));
    QCOMPARE(finished[0].id, leaving);
    QCOMPARE(finished[0].result.stopReason, StopReason::Cancelled);
    QCOMPARE(finished[0].result.tokens.size(), size_t(2)); // no token after the cancel
    QCOMPARE(decoder->active(), int64_t(1));
    QVERIFY(!decoder->full()); // its slot is free again
    const auto rest = drain(*decoder);
    QCOMPARE(rest.at(staying).tokens.size(), size_t(10));
}

void TestBatchDecoder::aFreeSlotWithThePromptsPrefixIsReused()
{
    Transformer model = spreadLogitsModel("tiny", 5);
    Generator generator(model, nullptr);
    auto decoder = generator.batchDecoder(3);
    decoder->admit(continuation({7, 7, 7}, 4));
    const auto chat = decoder->admit(continuation({1, 2, 3, 4, 5}, 6));
    decoder->admit(continuation({9}, 2));
    auto results = drain(*decoder);
    // The next turn of the second conversation: its prompt and answer, and more.
    std::vector<int32_t> next = {1, 2, 3, 4, 5};
    for (int32_t t : tokensOf(results.at(chat)))
        next.push_back(t);
    next.push_back(11);
    const auto turn = decoder->admit(continuation(next, 5));
    results = drain(*decoder);
    QCOMPARE(results.at(turn).stats.promptTokensReused, int64_t(5 + 6 - 1)); // its last answer token was never fed
    Generator fresh(model, nullptr);
    QCOMPARE(tokensOf(results.at(turn)), tokensOf(fresh.generate(continuation(next, 5))));
}

void TestBatchDecoder::refusesWhatItCannotRun()
{
    Generator generator(spreadLogitsModel("tiny", 6), nullptr);
    auto decoder = generator.batchDecoder(1);
    GenerationRequest beams = continuation({1}, 5);
    beams.settings.num_beams = 2;
    QVERIFY_THROWS_EXCEPTION(lw::Error, decoder->admit(beams));
    QVERIFY_THROWS_EXCEPTION(lw::Error, decoder->admit(continuation({}, 5)));
    GenerationRequest bad = continuation({1}, 5);
    bad.settings.top_p = 1.5;
    QVERIFY_THROWS_EXCEPTION(lw::Error, decoder->admit(bad));
    decoder->admit(continuation({1}, 5));
    QVERIFY(decoder->full());
    QVERIFY_THROWS_EXCEPTION(lw::Error, decoder->admit(continuation({2}, 5)));
    QCOMPARE(drain(*decoder).size(), size_t(1));
    QVERIFY_THROWS_EXCEPTION(lw::Error, generator.batchDecoder(0));
}

LW_TEST_GUILESS_MAIN(TestBatchDecoder)
#include "test_batch_decoder.moc"
