// The decode loop: greedy decoding gives the same tokens with the fused decoder, the
// model's KV cache and no cache at all; sampling never leaves the top-k/top-p set of a
// model whose distribution is known; stop sequences end the text and are never
// streamed; cancellation, batching, prompt-cache reuse, probabilities and timings.
#include "core/generate/generator.h"
#include "known_models.h"
#include "generation_test_support.h"
#include "test_registry.h"

#include <QtTest>
#include <cmath>
#include <set>

using namespace lw::generate;
using lw::model::Transformer;

using lw::test::tokensOf;
using lw::test::logsOf;

namespace {

// A random tiny model with logits spread wide enough that greedy choices are far from ties.
Transformer randomModel(const QString& family, uint64_t seed)
{
    auto c = lw::model::presetConfig(family == "llama" ? "llama-tiny" : "tiny");
    c.context_length = 128;
    Transformer m(c);
    m->initializeWeights(seed);
    torch::NoGradGuard noGrad;
    m->outputWeight().mul_(30.0);
    m->eval();
    return m;
}

GenerationRequest greedy(std::vector<int32_t> prompt, int64_t maxTokens)
{
    GenerationRequest r;
    r.prompt = std::move(prompt);
    r.settings.temperature = 0;
    r.settings.max_tokens = maxTokens;
    return r;
}

// 40 tokens whose probabilities fall geometrically: 0.3, 0.21, 0.147, ...
std::vector<double> geometric()
{
    std::vector<double> p;
    double sum = 0;
    for (int i = 0; i < 40; ++i) {
        p.push_back(std::pow(0.7, i));
        sum += p.back();
    }
    for (double& v : p)
        v /= sum;
    return p;
}

} // namespace

class TestGenerator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }
    void greedyIsTheSameWithAndWithoutKvCache_data();
    void greedyIsTheSameWithAndWithoutKvCache();
    void samplingNeverLeavesTheTopKOrTopPSet_data();
    void samplingNeverLeavesTheTopKOrTopPSet();
    void stopSequenceEndsTheTextAndIsNeverStreamed();
    void endOfTextAndMaxTokensEndTheAnswer();
    void callbackAndFlagCancelAtTheRequestedToken();
    void batchedRequestsMatchSeparateRuns();
    void nextPromptReusesTheCachedPrefix();
    void tokensCarryTheModelsProbabilities();
    void chatRequestsCarryTheTemplatesStops();
};

void TestGenerator::greedyIsTheSameWithAndWithoutKvCache_data()
{
    QTest::addColumn<QString>("family");
    QTest::newRow("gpt2") << "gpt2";
    QTest::newRow("llama") << "llama";
}

void TestGenerator::greedyIsTheSameWithAndWithoutKvCache()
{
    QFETCH(QString, family);
    Transformer model = randomModel(family, 21);
    auto request = greedy({1, 2, 3, 4, 5}, 60);
    request.settings.presence_penalty = 1000.0; // no token twice: greedy cannot settle into a loop
    GeneratorOptions noCache;
    noCache.kvCache = false;
    GeneratorOptions modelCache;
    modelCache.fusedCpu = false;
    Generator fused(model, nullptr), withModelCache(model, nullptr, modelCache), uncached(model, nullptr, noCache);
    QVERIFY(fused.runnerDescription().find("fused CPU") != std::string::npos);
    QVERIFY(uncached.runnerDescription().find("no cache") != std::string::npos);
    const auto reference = tokensOf(uncached.generate(request));
    QCOMPARE(reference.size(), size_t(60));
    QCOMPARE(tokensOf(withModelCache.generate(request)), reference);
    QCOMPARE(tokensOf(fused.generate(request)), reference);
    // The sequence is not one token over and over: the cache really is exercised.
    QCOMPARE(std::set<int32_t>(reference.begin(), reference.end()).size(), size_t(60));
}

void TestGenerator::samplingNeverLeavesTheTopKOrTopPSet_data()
{
    QTest::addColumn<int>("topK");
    QTest::addColumn<double>("topP");
    QTest::addColumn<int>("setSize");
    QTest::newRow("top-k 5") << 5 << 1.0 << 5;
    // Cumulative 0.3, 0.51, 0.657, 0.76: p = 0.7 needs the first four tokens.
    QTest::newRow("top-p 0.7") << 0 << 0.7 << 4;
    QTest::newRow("top-k 3, top-p 0.95") << 3 << 0.95 << 3;
}

void TestGenerator::samplingNeverLeavesTheTopKOrTopPSet()
{
    QFETCH(int, topK);
    QFETCH(double, topP);
    QFETCH(int, setSize);
    const auto probs = geometric();
    Generator generator(lw::test::fixedLogitsModel(logsOf(probs), 512), nullptr);
    GenerationRequest r;
    r.prompt = {0};
    r.settings.temperature = 1.0;
    r.settings.top_k = topK;
    r.settings.top_p = topP;
    r.settings.max_tokens = 500;
    r.settings.seed = 3;
    auto result = generator.generate(r);
    QCOMPARE(result.tokens.size(), size_t(500));
    std::vector<int> counts(size_t(setSize), 0);
    for (const auto& t : result.tokens) {
        QVERIFY2(t.token < setSize, qPrintable(QString("token %1 is outside the set").arg(t.token)));
        ++counts[size_t(t.token)];
        QVERIFY(std::abs(t.probability - probs[size_t(t.token)]) < 1e-5);
    }
    for (int count : counts)
        QVERIFY(count > 0); // every member of the set turns up
}

void TestGenerator::stopSequenceEndsTheTextAndIsNeverStreamed()
{
    auto tokenizer = lw::tokenizer::loadTokenizer(lw::test::gpt2TokenizerDir());
    const auto script = tokenizer->encode("The answer is 42.<|im_end|> and then more text", false);
    Generator generator(lw::test::scriptedModel(script, tokenizer->vocabSize()), tokenizer.get());
    auto request = greedy(tokenizer->encode("Q", false), 40);
    request.settings.stop = {"<|im_end|>"};
    std::string streamed;
    auto result = generator.generate(request, [&](const TokenEvent& e) {
        streamed += e.text;
        if (streamed.find('<') != std::string::npos)
            return false;
        return true;
    });
    QCOMPARE(result.stopReason, StopReason::StopSequence);
    QCOMPARE(result.stopSequence, std::string("<|im_end|>"));
    QCOMPARE(result.text, std::string("The answer is 42."));
    QCOMPARE(streamed, result.text);
    // The stop string took several tokens; generation ended on the one completing it.
    QCOMPARE(tokenizer->decode(tokensOf(result)), std::string("The answer is 42.<|im_end|>"));
}

void TestGenerator::endOfTextAndMaxTokensEndTheAnswer()
{
    auto tokenizer = lw::tokenizer::loadTokenizer(lw::test::gpt2TokenizerDir());
    auto script = tokenizer->encode("One two three<|endoftext|>four", true);
    Generator generator(lw::test::scriptedModel(script, tokenizer->vocabSize()), tokenizer.get());
    auto result = generator.generate(greedy({0}, 40));
    QCOMPARE(result.stopReason, StopReason::EndOfText);
    QCOMPARE(result.text, std::string("One two three"));
    auto request = greedy({0}, 2);
    result = generator.generate(request);
    QCOMPARE(result.stopReason, StopReason::MaxTokens);
    QCOMPARE(result.tokens.size(), size_t(2));
    request.settings.stop_at_eos = false;
    request.settings.max_tokens = int64_t(script.size());
    QCOMPARE(QString::fromStdString(generator.generate(request).text), QString("One two three<|endoftext|>four"));
}

void TestGenerator::callbackAndFlagCancelAtTheRequestedToken()
{
    Generator generator(randomModel("gpt2", 2), nullptr);
    auto request = greedy({1}, 50);
    auto result = generator.generate(request, [](const TokenEvent& e) { return e.index < 3; });
    QCOMPARE(result.stopReason, StopReason::Cancelled);
    QCOMPARE(result.tokens.size(), size_t(4));
    std::atomic<bool> cancel{false};
    result = generator.generate(
        request,
        [&](const TokenEvent& e) {
            if (e.index == 5)
                cancel = true; // as another thread would
            return true;
        },
        &cancel);
    QCOMPARE(result.stopReason, StopReason::Cancelled);
    QCOMPARE(result.tokens.size(), size_t(6));
}

void TestGenerator::batchedRequestsMatchSeparateRuns()
{
    Transformer model = randomModel("llama", 5);
    std::vector<GenerationRequest> requests(3, greedy({3, 1, 4, 1, 5}, 25));
    requests[1].settings.temperature = 0.9;
    requests[1].settings.seed = 1;
    requests[2].settings.temperature = 1.2;
    requests[2].settings.top_p = 0.8;
    requests[2].settings.seed = 2;
    requests[2].prompt = {9, 2, 6};
    requests[2].settings.max_tokens = 10;
    Generator batched(model, nullptr);
    std::vector<size_t> eventsPerSequence(3, 0);
    auto results = batched.generateBatch(requests, [&](const TokenEvent& e) {
        ++eventsPerSequence[e.sequence];
        return true;
    });
    for (size_t i = 0; i < requests.size(); ++i) {
        Generator alone(model, nullptr);
        QCOMPARE(tokensOf(results[i]), tokensOf(alone.generate(requests[i])));
        QCOMPARE(eventsPerSequence[i], results[i].tokens.size());
    }
    QCOMPARE(results[2].tokens.size(), size_t(10));
    QVERIFY(tokensOf(results[0]) != tokensOf(results[1]));
}

void TestGenerator::nextPromptReusesTheCachedPrefix()
{
    Transformer model = randomModel("gpt2", 7);
    Generator generator(model, nullptr);
    auto first = generator.generate(greedy({5, 6, 7, 8}, 10));
    QCOMPARE(first.stats.promptTokensReused, int64_t(0));
    // The next turn: the previous prompt, its answer, and more.
    std::vector<int32_t> next = {5, 6, 7, 8};
    for (int32_t t : tokensOf(first))
        next.push_back(t);
    next.push_back(11);
    auto second = generator.generate(greedy(next, 10));
    QCOMPARE(second.stats.promptTokensReused, int64_t(4 + 10 - 1)); // the last answer token was never fed
    Generator fresh(model, nullptr);
    QCOMPARE(tokensOf(second), tokensOf(fresh.generate(greedy(next, 10))));
}

void TestGenerator::tokensCarryTheModelsProbabilities()
{
    const auto probs = geometric();
    Generator generator(lw::test::fixedLogitsModel(logsOf(probs)), nullptr);
    auto request = greedy({0}, 3);
    request.settings.top_alternatives = 4;
    auto result = generator.generate(request);
    for (const auto& t : result.tokens) {
        QCOMPARE(t.token, 0);
        QVERIFY(std::abs(t.probability - probs[0]) < 1e-6);
        QCOMPARE(t.alternatives.size(), size_t(4));
        for (size_t i = 0; i < 4; ++i) {
            QCOMPARE(t.alternatives[i].token, int32_t(i));
            QVERIFY(std::abs(t.alternatives[i].probability - probs[i]) < 1e-6);
        }
    }
    const auto& s = result.stats;
    QCOMPARE(s.promptTokens, int64_t(1));
    QCOMPARE(s.generatedTokens, int64_t(3));
    QVERIFY(s.timeToFirstTokenMs > 0 && s.prefillMs > 0 && s.decodeTokensPerS > 0);
    QVERIFY(s.timeToFirstTokenMs <= s.totalMs);
    const auto json = result.toJson();
    QCOMPARE(json["tokens"].size(), size_t(3));
    QCOMPARE(json["stop_reason"].get<std::string>(), std::string("max_tokens"));
    QVERIFY(json["stats"].contains("decode_tokens_per_s"));
}

void TestGenerator::chatRequestsCarryTheTemplatesStops()
{
    auto tokenizer = lw::tokenizer::loadTokenizer(lw::test::gpt2TokenizerDir());
    Generator generator(randomModel("gpt2", 1), tokenizer.get());
    SamplerSettings settings;
    settings.stop = {"END"};
    auto request = generator.chatRequest(builtinChatTemplate("chatml"), {{"user", "Hi"}}, settings);
    QCOMPARE(request.settings.stop, (std::vector<std::string>{"END", "<|im_end|>", "<|im_start|>"}));
    QCOMPARE(tokenizer->decode(request.prompt), std::string("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"));
}

LW_TEST_GUILESS_MAIN(TestGenerator)
#include "test_generator.moc"
