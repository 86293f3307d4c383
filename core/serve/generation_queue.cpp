#include "core/serve/generation_queue.h"

#include "core/util/blas_setup.h"
#include "core/util/error.h"

#include <algorithm>
#include <c10/util/Exception.h>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>
#include <torch/torch.h>

namespace lw::serve {

namespace {

using Clock = std::chrono::steady_clock;
using generate::BatchDecoder;

constexpr size_t kRateWindow = 32; // answers the Retry-After estimate looks at

ApiError shuttingDown()
{
    return ApiError(503, "the server is shutting down", "server_error", {}, "shutting_down");
}

ApiError clientLeft()
{
    return ApiError(499, "the client closed the request", "invalid_request_error", {}, "client_closed_request");
}

ApiError generationFailed(const std::string& what)
{
    return ApiError(500, "generation failed: " + what, "server_error");
}

// The model in place is not known (setting one failed): the next batch sets its own.
constexpr size_t kNoVariant = size_t(-1);

std::string whatOf(const std::exception& e)
{
    if (const auto* c10 = dynamic_cast<const c10::Error*>(&e))
        return c10->what_without_backtrace();
    return e.what();
}

} // namespace

GenerationQueue::GenerationQueue(generate::Generator& generator, GenerationQueueOptions options)
    : GenerationQueue(std::vector<generate::Generator*>{&generator}, {}, options)
{
}

GenerationQueue::GenerationQueue(std::vector<generate::Generator*> generators, std::function<void(size_t)> activate,
                                 GenerationQueueOptions options)
    : m_generators(std::move(generators)), m_activate(std::move(activate)), m_options(options)
{
    m_thread = std::thread([this] { run(); });
}

GenerationQueue::~GenerationQueue()
{
    stop();
}

int GenerationQueue::retryAfterLocked() const
{
    if (m_recentAnswers.size() < 2)
        return 5; // no rate yet: a short, fixed wait
    const double span = std::chrono::duration<double>(m_recentAnswers.back() - m_recentAnswers.front()).count();
    const double perSecond = double(m_recentAnswers.size() - 1) / std::max(span, 1e-3);
    const double drain = double(m_waiting.size() + 1) / perSecond;
    return int(std::clamp(std::ceil(drain), 1.0, 60.0));
}

void GenerationQueue::submit(const std::shared_ptr<GenerationJob>& job)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stopping)
            throw shuttingDown();
        // Free slots take jobs at the next step; only the jobs beyond them wait.
        const size_t places = size_t(m_options.maxWaiting) + size_t(m_options.maxBatch);
        if (m_waiting.size() + m_counts.running >= places) {
            ++m_counts.refused;
            const int retry = retryAfterLocked();
            throw ApiError(429,
                           "the server is busy: " + std::to_string(m_waiting.size()) +
                               " requests are already waiting for the model; try again in " + std::to_string(retry) +
                               " s",
                           "rate_limit_exceeded", {}, "server_busy")
                .retryAfter(retry);
        }
        m_waiting.push_back({job, Clock::now()});
    }
    m_wake.notify_one();
}

void GenerationQueue::stop()
{
    std::deque<Waiting> waiting;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
        waiting.swap(m_waiting);
    }
    m_wake.notify_all();
    for (auto& w : waiting)
        w.job->fail(shuttingDown());
    if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id())
        m_thread.join();
}

GenerationQueue::Counts GenerationQueue::counts() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    Counts c = m_counts;
    c.waiting = m_waiting.size();
    return c;
}

void GenerationQueue::run()
{
    // Thread counts of LibTorch's pool are per thread under OpenMP: set them here.
    util::configureThreads(m_options.threads);
    torch::NoGradGuard noGrad;
    std::unique_ptr<BatchDecoder> decoder;
    size_t variant = 0; // of the running batch and of `decoder`
    std::map<BatchDecoder::SequenceId, std::shared_ptr<GenerationJob>> running;
    for (;;) {
        std::vector<std::shared_ptr<GenerationJob>> admitted, left, expired;
        std::optional<size_t> switchTo; // the model of `admitted` when it is not `variant`'s
        int retry = 0;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            if (running.empty())
                m_wake.wait(lock, [&] { return m_stopping || !m_waiting.empty(); });
            if (m_stopping)
                break;
            const Clock::time_point now = Clock::now();
            for (auto it = m_waiting.begin(); it != m_waiting.end();) {
                if (it->job->cancelled())
                    left.push_back(std::move(it->job));
                else if (now - it->since > m_options.waitTimeout)
                    expired.push_back(std::move(it->job));
                else {
                    ++it;
                    continue;
                }
                it = m_waiting.erase(it);
            }
            while (!m_waiting.empty() && running.size() + admitted.size() < size_t(m_options.maxBatch)) {
                const size_t wanted = m_waiting.front().job->variant();
                const size_t batchVariant = switchTo.value_or(variant);
                if (wanted != batchVariant && !(running.empty() && admitted.empty()))
                    break; // another model's turn comes when this batch has drained
                if (wanted != batchVariant)
                    switchTo = wanted; // done after unlocking: it frees caches and may throw
                admitted.push_back(std::move(m_waiting.front().job));
                m_waiting.pop_front();
            }
            m_counts.abandoned += left.size();
            m_counts.timedOut += expired.size();
            m_counts.running = running.size() + admitted.size();
            retry = retryAfterLocked();
        }
        for (auto& job : left)
            job->fail(clientLeft());
        const auto waitedSeconds = std::chrono::duration<double>(m_options.waitTimeout).count();
        for (auto& job : expired) {
            std::ostringstream waited;
            waited << waitedSeconds;
            job->fail(ApiError(503,
                               "the request waited " + waited.str() +
                                   " s for a place in the batch and was given up: the server is overloaded; "
                                   "try again in " +
                                   std::to_string(retry) + " s",
                               "server_error", {}, "queue_timeout")
                          .retryAfter(retry));
        }
        if (switchTo) {
            // Only an empty batch switches: one model's cache at a time.
            try {
                decoder.reset();
                if (variant < m_generators.size())
                    m_generators[variant]->resetCache();
                variant = kNoVariant; // until the new one is set: a failure leaves the slots unknown
                if (m_activate)
                    m_activate(*switchTo);
                variant = *switchTo;
            } catch (const std::exception& e) {
                for (auto& job : admitted)
                    job->fail(generationFailed("setting up the requested model: " + whatOf(e)));
                admitted.clear();
            }
        }
        for (auto& job : admitted) {
            try {
                if (!decoder)
                    decoder = m_generators.at(variant)->batchDecoder(m_options.maxBatch);
                running[decoder->admit(job->request(), [job](const generate::TokenEvent& e) {
                    job->addOutput(e.token, e.text);
                    return !job->cancelled();
                })] = job;
            } catch (const Error& e) {
                job->fail(ApiError(400, e.what()));
            } catch (const std::exception& e) {
                job->fail(generationFailed(whatOf(e)));
            }
        }
        for (auto& [id, job] : running)
            if (job->cancelled())
                decoder->cancel(id);
        if (running.empty()) {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_counts.running = 0;
            continue;
        }

        const size_t inStep = running.size();
        std::vector<BatchDecoder::Finished> finished;
        try {
            finished = decoder->step(&m_stopping);
        } catch (const std::exception& e) {
            // The decoder dropped every sequence: their answers cannot go on.
            for (auto& [id, job] : running)
                job->fail(generationFailed(whatOf(e)));
            running.clear();
        }
        uint64_t abandoned = 0;
        std::vector<std::shared_ptr<GenerationJob>> ended;
        ended.reserve(finished.size());
        for (BatchDecoder::Finished& done : finished) {
            auto it = running.find(done.id);
            ended.push_back(std::move(it->second));
            running.erase(it);
            abandoned += ended.back()->cancelled() ? 1 : 0;
        }
        {
            // Counted before the jobs are told: whoever sees a job finished sees it counted.
            std::lock_guard<std::mutex> lock(m_mutex);
            ++m_counts.steps;
            m_counts.sequenceSteps += inStep;
            m_counts.peakRunning = std::max(m_counts.peakRunning, inStep);
            m_counts.completed += finished.size();
            m_counts.abandoned += abandoned;
            m_counts.running = running.size();
            for (size_t i = 0; i < finished.size(); ++i) {
                m_recentAnswers.push_back(Clock::now());
                if (m_recentAnswers.size() > kRateWindow)
                    m_recentAnswers.pop_front();
            }
        }
        for (size_t i = 0; i < finished.size(); ++i) {
            auto& job = ended[i];
            if (m_stopping && finished[i].result.stopReason == generate::StopReason::Cancelled && !job->cancelled())
                job->fail(shuttingDown());
            else
                job->finish(std::move(finished[i].result));
        }
    }
    // Stopped between steps: what still runs ends with the server.
    for (auto& [id, job] : running)
        job->fail(shuttingDown());
    std::lock_guard<std::mutex> lock(m_mutex);
    m_counts.running = 0;
}

} // namespace lw::serve
