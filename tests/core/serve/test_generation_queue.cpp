// The generation queue: jobs answered together give the tokens each would get alone, a
// client that goes away stops only its own sequence, a full queue refuses with 429,
// and stopping fails what is left with 503. Random models whose logits are spread wide
// enough that greedy choices are far from ties.
#include "core/serve/generation_queue.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw::serve;
using lw::generate::GenerationRequest;
using lw::generate::Generator;

namespace {

lw::model::Transformer randomModel(int64_t context, uint64_t seed)
{
    auto c = lw::model::presetConfig("tiny");
    c.context_length = context;
    lw::model::Transformer m(c);
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
    r.settings.stop_at_eos = false;
    return r;
}

std::vector<int32_t> tokensOf(const lw::generate::GenerationResult& r)
{
    std::vector<int32_t> out;
    for (const auto& t : r.tokens)
        out.push_back(t.token);
    return out;
}

int statusOf(const std::function<void()>& submit)
{
    try {
        submit();
    } catch (const ApiError& e) {
        return e.status();
    }
    return 200;
}

} // namespace

class TestGenerationQueue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }
    void batchedJobsMatchSeparateRuns();
    void aCancelledJobStopsAloneInItsBatch();
    void fullQueueRefusesAndStopFailsTheRest();
};

void TestGenerationQueue::batchedJobsMatchSeparateRuns()
{
    auto model = randomModel(256, 3);
    Generator generator(model, nullptr);
    std::vector<GenerationRequest> requests = {greedy({1, 2, 3}, 30), greedy({4, 5}, 12), greedy({1, 2, 3, 9}, 40),
                                               greedy({7}, 25), greedy({8, 8, 8}, 5)};
    requests[3].settings.temperature = 0.9;
    requests[3].settings.seed = 11;
    std::vector<std::shared_ptr<GenerationJob>> jobs;
    {
        GenerationQueue queue(generator, {8, 4, 2});
        // A first long job keeps the thread busy, so the others wait and go as one batch.
        auto blocker = std::make_shared<GenerationJob>(greedy({2}, 200));
        queue.submit(blocker);
        for (const auto& r : requests) {
            jobs.push_back(std::make_shared<GenerationJob>(r));
            queue.submit(jobs.back());
        }
        for (auto& job : jobs)
            job->waitUntilFinished();
        QVERIFY(queue.counts().batches >= 2 && queue.counts().batches < 1 + requests.size());
    }
    for (size_t i = 0; i < requests.size(); ++i) {
        QVERIFY(!jobs[i]->error());
        Generator alone(model, nullptr);
        QCOMPARE(tokensOf(jobs[i]->result()), tokensOf(alone.generate(requests[i])));
    }
}

void TestGenerationQueue::aCancelledJobStopsAloneInItsBatch()
{
    auto model = randomModel(512, 5);
    Generator generator(model, nullptr);
    GenerationQueue queue(generator, {8, 4, 2});
    auto blocker = std::make_shared<GenerationJob>(greedy({2}, 300));
    auto leaving = std::make_shared<GenerationJob>(greedy({3, 4}, 400));
    auto staying = std::make_shared<GenerationJob>(greedy({5, 6}, 400));
    queue.submit(blocker);
    queue.submit(leaving);
    queue.submit(staying);
    size_t seen = 0;
    while (seen < 3) {
        auto progress = leaving->waitForProgress(std::chrono::milliseconds(1000));
        QVERIFY(!progress.finished);
        seen += progress.unreleasedTokens.size(); // no tokenizer: no text, so no pieces
        for (const auto& piece : progress.pieces)
            seen += piece.tokens.size();
    }
    leaving->cancel();
    staying->waitUntilFinished();
    leaving->waitUntilFinished();
    QCOMPARE(leaving->result().stopReason, lw::generate::StopReason::Cancelled);
    QVERIFY(leaving->result().tokens.size() < 400);
    QCOMPARE(staying->result().tokens.size(), size_t(400));
    Generator alone(model, nullptr);
    QCOMPARE(tokensOf(staying->result()), tokensOf(alone.generate(staying->request())));
}

void TestGenerationQueue::fullQueueRefusesAndStopFailsTheRest()
{
    auto model = randomModel(1024, 7);
    Generator generator(model, nullptr);
    GenerationQueue queue(generator, {2, 1, 2});
    auto running = std::make_shared<GenerationJob>(greedy({1}, 1000));
    auto waiting = std::make_shared<GenerationJob>(greedy({2}, 1000));
    QCOMPARE(statusOf([&] { queue.submit(running); }), 200);
    QCOMPARE(statusOf([&] { queue.submit(waiting); }), 200);
    auto refused = std::make_shared<GenerationJob>(greedy({3}, 10));
    QCOMPARE(statusOf([&] { queue.submit(refused); }), 429);
    QCOMPARE(queue.counts().refused, uint64_t(1));
    running->waitForProgress(std::chrono::milliseconds(5000)); // it has started
    queue.stop();
    for (auto* job : {running.get(), waiting.get()}) {
        job->waitUntilFinished();
        QVERIFY(job->error());
        QCOMPARE(job->error()->status(), 503);
    }
    QCOMPARE(statusOf([&] { queue.submit(refused); }), 503);
}

LW_TEST_GUILESS_MAIN(TestGenerationQueue)
#include "test_generation_queue.moc"
