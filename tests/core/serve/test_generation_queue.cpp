// The generation queue, by continuous batching: jobs that decode together, or join a
// batch while it runs, get the tokens each would get alone; a client that goes away
// stops only its own sequence and frees its slot at once; a full queue refuses with
// 429, a job waiting past the time-out gets 503, both with a Retry-After; stopping
// fails what is left with 503; jobs for several models (a base and its adapters) that
// arrive interleaved each get their own model's tokens, a batch holding one model's jobs
// at a time, in the order they came; a model that cannot be set in place fails only the
// jobs waiting for it, with its error, and the queue goes on. Random models whose logits are spread wide enough that
// greedy choices are far from ties.
#include "core/serve/generation_queue.h"
#include "serve_test_support.h"
#include "test_registry.h"

#include <QtTest>
#include <atomic>
#include <stdexcept>

using namespace lw::serve;
using lw::generate::GenerationRequest;
using lw::generate::Generator;
using lw::test::greedyRequest;
using lw::test::seededRequest;
using lw::test::tokenIds;
using lw::test::wideLogitsModel;

namespace {

GenerationQueueOptions queueOptions(int maxWaiting, int maxBatch, int timeoutMs = 300000)
{
    GenerationQueueOptions o;
    o.maxWaiting = maxWaiting;
    o.maxBatch = maxBatch;
    o.waitTimeout = std::chrono::milliseconds(timeoutMs);
    o.threads = 2;
    return o;
}

std::optional<ApiError> refusalOf(const std::function<void()>& submit)
{
    try {
        submit();
    } catch (const ApiError& e) {
        return e;
    }
    return std::nullopt;
}

// Waits until the job has chosen at least `tokens` tokens; false when it ended first.
bool waitForTokens(GenerationJob& job, size_t tokens)
{
    size_t seen = 0;
    while (seen < tokens) {
        auto progress = job.waitForProgress(std::chrono::milliseconds(2000));
        seen += progress.unreleasedTokens.size(); // no tokenizer: no text, so no pieces
        for (const auto& piece : progress.pieces)
            seen += piece.tokens.size();
        if (progress.finished)
            return seen >= tokens;
    }
    return true;
}

// About a millisecond a token on these CPUs: a 1000-token job keeps the queue busy
// for a second, long enough to join, leave, time out and refuse around it.
lw::model::Transformer slowModel(uint64_t seed)
{
    return wideLogitsModel(1024, seed, 8192, 256);
}

std::shared_ptr<GenerationJob> jobFor(const GenerationRequest& r)
{
    return std::make_shared<GenerationJob>(r);
}

} // namespace

class TestGenerationQueue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }
    void batchedJobsMatchSeparateRuns();
    void jobsJoiningARunningBatchMatchSeparateRuns();
    void aCancelledJobStopsAloneAndFreesItsSlot();
    void aJobWhoseClientLeftWhileWaitingLeavesTheQueue();
    void fullQueueRefusesWithRetryAfter();
    void waitingPastTheTimeoutFailsWith503();
    void stopFailsTheRest();
    void interleavedJobsForSeveralModelsGetTheirOwnTokens();
    void aModelThatCannotBeSetFailsItsJobsAndTheQueueGoesOn();
};

void TestGenerationQueue::batchedJobsMatchSeparateRuns()
{
    auto model = wideLogitsModel(256, 3);
    Generator generator(model, nullptr);
    std::vector<GenerationRequest> requests = {greedyRequest({1, 2, 3}, 30), greedyRequest({4, 5}, 12),
                                               greedyRequest({1, 2, 3, 9}, 40), seededRequest({7}, 25, 11),
                                               greedyRequest({8, 8, 8}, 5)};
    std::vector<std::shared_ptr<GenerationJob>> jobs;
    GenerationQueue::Counts counts;
    {
        GenerationQueue queue(generator, queueOptions(8, 4));
        for (const auto& r : requests) {
            jobs.push_back(jobFor(r));
            queue.submit(jobs.back());
        }
        for (auto& job : jobs)
            job->waitUntilFinished();
        counts = queue.counts();
    }
    QCOMPARE(counts.completed, uint64_t(requests.size()));
    QVERIFY(counts.peakRunning >= 2 && counts.peakRunning <= 4);
    // Fewer steps than one job after the other: they decoded together.
    QVERIFY2(counts.steps < 30 + 12 + 40 + 25 + 5, qPrintable(QString::number(counts.steps)));
    for (size_t i = 0; i < requests.size(); ++i) {
        QVERIFY(!jobs[i]->error());
        Generator alone(model, nullptr);
        QCOMPARE(tokenIds(jobs[i]->result()), tokenIds(alone.generate(requests[i])));
    }
}

void TestGenerationQueue::jobsJoiningARunningBatchMatchSeparateRuns()
{
    auto model = slowModel(4);
    Generator generator(model, nullptr);
    GenerationQueue queue(generator, queueOptions(8, 3));
    auto longJob = jobFor(greedyRequest({2}, 1000));
    queue.submit(longJob);
    QVERIFY(waitForTokens(*longJob, 5));
    // Two jobs join while it decodes; a third waits for a slot and joins when one ends.
    const std::vector<GenerationRequest> joining = {seededRequest({3, 1, 4}, 40, 7), greedyRequest({5, 9}, 20),
                                                    seededRequest({2, 6, 5}, 30, 8)};
    std::vector<std::shared_ptr<GenerationJob>> jobs;
    for (const auto& r : joining) {
        jobs.push_back(jobFor(r));
        queue.submit(jobs.back());
    }
    for (auto& job : jobs)
        job->waitUntilFinished();
    QVERIFY2(!longJob->waitUntilFinished(std::chrono::milliseconds(0)), "the long job ended before the others");
    QCOMPARE(queue.counts().peakRunning, size_t(3));
    for (size_t i = 0; i < joining.size(); ++i) {
        QVERIFY(!jobs[i]->error());
        Generator alone(model, nullptr);
        QCOMPARE(tokenIds(jobs[i]->result()), tokenIds(alone.generate(joining[i])));
    }
    longJob->cancel();
    longJob->waitUntilFinished();
    Generator alone(model, nullptr);
    const auto whole = tokenIds(alone.generate(longJob->request()));
    const auto got = tokenIds(longJob->result());
    QVERIFY(got.size() < whole.size());
    QCOMPARE(got, std::vector<int32_t>(whole.begin(), whole.begin() + std::ptrdiff_t(got.size())));
}

void TestGenerationQueue::aCancelledJobStopsAloneAndFreesItsSlot()
{
    auto model = slowModel(5);
    Generator generator(model, nullptr);
    GenerationQueue queue(generator, queueOptions(8, 2));
    auto leaving = jobFor(greedyRequest({3, 4}, 1000));
    auto staying = jobFor(greedyRequest({5, 6}, 400));
    auto next = jobFor(greedyRequest({7}, 10)); // waits for a slot
    queue.submit(leaving);
    queue.submit(staying);
    queue.submit(next);
    QVERIFY(waitForTokens(*leaving, 3));
    leaving->cancel();
    // `next` takes the freed slot while `staying` still decodes.
    next->waitUntilFinished();
    QVERIFY(!staying->waitUntilFinished(std::chrono::milliseconds(0)));
    staying->waitUntilFinished();
    leaving->waitUntilFinished();
    QCOMPARE(leaving->result().stopReason, lw::generate::StopReason::Cancelled);
    QVERIFY(leaving->result().tokens.size() < 1000);
    QCOMPARE(staying->result().tokens.size(), size_t(400));
    QCOMPARE(queue.counts().abandoned, uint64_t(1));
    Generator alone(model, nullptr);
    QCOMPARE(tokenIds(staying->result()), tokenIds(alone.generate(staying->request())));
    QCOMPARE(tokenIds(next->result()), tokenIds(alone.generate(next->request())));
}

void TestGenerationQueue::aJobWhoseClientLeftWhileWaitingLeavesTheQueue()
{
    auto model = slowModel(6);
    Generator generator(model, nullptr);
    GenerationQueue queue(generator, queueOptions(8, 1));
    auto running = jobFor(greedyRequest({1}, 1000));
    auto leaving = jobFor(greedyRequest({2}, 10));
    queue.submit(running);
    queue.submit(leaving);
    QVERIFY(waitForTokens(*running, 3));
    QCOMPARE(queue.counts().waiting, size_t(1));
    leaving->cancel();
    QVERIFY(leaving->waitUntilFinished(std::chrono::milliseconds(5000)));
    QVERIFY(leaving->error());
    QCOMPARE(leaving->error()->status(), 499);
    QVERIFY2(!running->waitUntilFinished(std::chrono::milliseconds(0)), "left only when the running job ended");
    const auto counts = queue.counts();
    QCOMPARE(counts.waiting, size_t(0));
    QCOMPARE(counts.abandoned, uint64_t(1));
    running->cancel();
}

void TestGenerationQueue::fullQueueRefusesWithRetryAfter()
{
    auto model = slowModel(7);
    Generator generator(model, nullptr);
    GenerationQueue queue(generator, queueOptions(2, 1));
    auto running = jobFor(greedyRequest({1}, 1000));
    queue.submit(running);
    QVERIFY(waitForTokens(*running, 2));
    auto first = jobFor(greedyRequest({2}, 5)), second = jobFor(greedyRequest({3}, 5));
    QVERIFY(!refusalOf([&] { queue.submit(first); }));
    QVERIFY(!refusalOf([&] { queue.submit(second); }));
    auto refused = jobFor(greedyRequest({4}, 5));
    const auto error = refusalOf([&] { queue.submit(refused); });
    QVERIFY(error);
    QCOMPARE(error->status(), 429);
    QCOMPARE(error->code(), std::string("server_busy"));
    QVERIFY(error->retryAfterSeconds() && *error->retryAfterSeconds() >= 1 && *error->retryAfterSeconds() <= 60);
    QCOMPARE(queue.counts().refused, uint64_t(1));
    running->cancel();
    first->waitUntilFinished();
    second->waitUntilFinished();
    QVERIFY(!first->error() && !second->error());
}

void TestGenerationQueue::waitingPastTheTimeoutFailsWith503()
{
    auto model = slowModel(8);
    Generator generator(model, nullptr);
    GenerationQueue queue(generator, queueOptions(8, 1, 150));
    auto running = jobFor(greedyRequest({1}, 1000));
    queue.submit(running);
    QVERIFY(waitForTokens(*running, 2));
    auto waiting = jobFor(greedyRequest({2}, 5));
    QElapsedTimer timer;
    timer.start();
    queue.submit(waiting);
    QVERIFY(waiting->waitUntilFinished(std::chrono::milliseconds(10000)));
    QVERIFY(timer.elapsed() >= 150);
    QVERIFY(waiting->error());
    QCOMPARE(waiting->error()->status(), 503);
    QCOMPARE(waiting->error()->code(), std::string("queue_timeout"));
    QVERIFY(waiting->error()->retryAfterSeconds());
    QVERIFY2(!running->waitUntilFinished(std::chrono::milliseconds(0)), "timed out only after the running job");
    QCOMPARE(queue.counts().timedOut, uint64_t(1));
    running->cancel();
}

void TestGenerationQueue::stopFailsTheRest()
{
    auto model = slowModel(9);
    Generator generator(model, nullptr);
    GenerationQueue queue(generator, queueOptions(2, 1));
    auto running = jobFor(greedyRequest({1}, 1000));
    auto waiting = jobFor(greedyRequest({2}, 1000));
    queue.submit(running);
    queue.submit(waiting);
    QVERIFY(waitForTokens(*running, 2));
    queue.stop();
    for (auto* job : {running.get(), waiting.get()}) {
        job->waitUntilFinished();
        QVERIFY(job->error());
        QCOMPARE(job->error()->status(), 503);
    }
    const auto error = refusalOf([&] { queue.submit(jobFor(greedyRequest({3}, 10))); });
    QVERIFY(error);
    QCOMPARE(error->status(), 503);
}

void TestGenerationQueue::interleavedJobsForSeveralModelsGetTheirOwnTokens()
{
    const std::vector<lw::model::Transformer> models = {wideLogitsModel(256, 5), wideLogitsModel(256, 6),
                                                        wideLogitsModel(256, 7)};
    std::vector<std::unique_ptr<Generator>> generators;
    std::vector<Generator*> pointers;
    for (const auto& m : models) {
        generators.push_back(std::make_unique<Generator>(m, nullptr));
        pointers.push_back(generators.back().get());
    }
    std::vector<size_t> activated; // on the generation thread, read after it has stopped
    const std::vector<size_t> variants = {1, 0, 2, 1, 1, 2, 0, 0, 2, 1};
    std::vector<std::shared_ptr<GenerationJob>> jobs;
    GenerationQueue::Counts counts;
    {
        GenerationQueue queue(pointers, [&activated](size_t v) { activated.push_back(v); }, queueOptions(16, 4));
        for (size_t i = 0; i < variants.size(); ++i) {
            jobs.push_back(std::make_shared<GenerationJob>(greedyRequest({int32_t(1 + i), 2, 3}, 20), variants[i]));
            queue.submit(jobs.back());
        }
        for (auto& job : jobs)
            job->waitUntilFinished();
        counts = queue.counts();
    }
    QCOMPARE(counts.completed, uint64_t(variants.size()));
    for (size_t i = 0; i < variants.size(); ++i) {
        QVERIFY(!jobs[i]->error());
        Generator alone(models[variants[i]], nullptr);
        QCOMPARE(tokenIds(jobs[i]->result()), tokenIds(alone.generate(jobs[i]->request())));
    }
    // Turns follow the order of arrival; the first job may already run (model 0 needs
    // no activation) or wait for model 1.
    QVERIFY(!activated.empty() && activated.size() <= variants.size());
    for (size_t i = 1; i < activated.size(); ++i)
        QVERIFY(activated[i] != activated[i - 1]);
}

void TestGenerationQueue::aModelThatCannotBeSetFailsItsJobsAndTheQueueGoesOn()
{
    const std::vector<lw::model::Transformer> models = {wideLogitsModel(256, 5), wideLogitsModel(256, 6)};
    Generator base(models[0], nullptr), adapted(models[1], nullptr);
    // Setting model 1 fails once (as an allocation that runs out of memory would), then works.
    std::atomic<int> attempts{0};
    GenerationQueue queue(
        {&base, &adapted},
        [&attempts](size_t v) {
            if (v == 1 && attempts++ == 0)
                throw std::runtime_error("out of memory setting the adapter");
        },
        queueOptions(16, 4));
    auto failing = std::make_shared<GenerationJob>(greedyRequest({1, 2, 3}, 5), 1);
    queue.submit(failing);
    failing->waitUntilFinished();
    QVERIFY(failing->error());
    QCOMPARE(failing->error()->status(), 500);
    QVERIFY2(std::string(failing->error()->what()).find("out of memory setting the adapter") != std::string::npos,
             failing->error()->what());
    // The thread lives on: both models answer afterwards, each with its own tokens.
    for (size_t variant : {size_t(0), size_t(1)}) {
        auto job = std::make_shared<GenerationJob>(greedyRequest({4, 5, 6}, 8), variant);
        queue.submit(job);
        job->waitUntilFinished();
        QVERIFY(!job->error());
        Generator alone(models[variant], nullptr);
        QCOMPARE(tokenIds(job->result()), tokenIds(alone.generate(job->request())));
    }
    QCOMPARE(attempts.load(), 2);
}

LW_TEST_GUILESS_MAIN(TestGenerationQueue)
#include "test_generation_queue.moc"
