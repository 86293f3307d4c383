#include "core/serve/generation_queue.h"

#include "core/util/blas_setup.h"

#include <c10/util/Exception.h>
#include <torch/torch.h>

namespace lw::serve {

namespace {

ApiError shuttingDown()
{
    return ApiError(503, "the server is shutting down", "server_error", {}, "shutting_down");
}

} // namespace

GenerationQueue::GenerationQueue(generate::Generator& generator, GenerationQueueOptions options)
    : m_generator(generator), m_options(options)
{
    m_thread = std::thread([this] { run(); });
}

GenerationQueue::~GenerationQueue()
{
    stop();
}

void GenerationQueue::submit(const std::shared_ptr<GenerationJob>& job)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stopping)
            throw shuttingDown();
        if (m_waiting.size() + m_running >= size_t(m_options.maxPending)) {
            ++m_refused;
            throw ApiError(429,
                           "the server is busy: " + std::to_string(m_options.maxPending) +
                               " requests are already waiting or running; try again shortly",
                           "rate_limit_exceeded", {}, "server_busy");
        }
        m_waiting.push_back(job);
    }
    m_wake.notify_one();
}

void GenerationQueue::stop()
{
    std::deque<std::shared_ptr<GenerationJob>> waiting;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
        waiting.swap(m_waiting);
    }
    m_wake.notify_all();
    for (auto& job : waiting)
        job->fail(shuttingDown());
    if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id())
        m_thread.join();
}

GenerationQueue::Counts GenerationQueue::counts() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return {m_waiting.size(), m_running, m_completed, m_refused, m_batches};
}

void GenerationQueue::run()
{
    // Thread counts of LibTorch's pool are per thread under OpenMP: set them here.
    util::configureThreads(m_options.threads);
    torch::NoGradGuard noGrad;
    for (;;) {
        std::vector<std::shared_ptr<GenerationJob>> batch;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stopping || !m_waiting.empty(); });
            if (m_stopping)
                return;
            while (!m_waiting.empty() && batch.size() < size_t(m_options.maxBatch)) {
                auto job = std::move(m_waiting.front());
                m_waiting.pop_front();
                if (job->cancelled())
                    job->fail(ApiError(499, "the client closed the request", "invalid_request_error"));
                else
                    batch.push_back(std::move(job));
            }
            m_running = batch.size();
            if (!batch.empty())
                ++m_batches;
        }
        if (!batch.empty())
            answer(batch);
        std::lock_guard<std::mutex> lock(m_mutex);
        m_completed += m_running;
        m_running = 0;
    }
}

void GenerationQueue::answer(std::vector<std::shared_ptr<GenerationJob>>& batch)
{
    std::vector<generate::GenerationRequest> requests;
    for (const auto& job : batch)
        requests.push_back(job->request());
    std::vector<generate::GenerationResult> results;
    try {
        results = m_generator.generateBatch(
            requests,
            [&](const generate::TokenEvent& e) {
                GenerationJob& job = *batch[e.sequence];
                job.addOutput(e.token, e.text);
                return !job.cancelled();
            },
            &m_stopping);
    } catch (const c10::Error& e) {
        for (auto& job : batch)
            job->fail(ApiError(500, std::string("generation failed: ") + e.what_without_backtrace(), "server_error"));
        return;
    } catch (const std::exception& e) {
        for (auto& job : batch)
            job->fail(ApiError(500, std::string("generation failed: ") + e.what(), "server_error"));
        return;
    }
    for (size_t i = 0; i < batch.size(); ++i) {
        if (m_stopping && results[i].stopReason == generate::StopReason::Cancelled && !batch[i]->cancelled())
            batch[i]->fail(shuttingDown());
        else
            batch[i]->finish(std::move(results[i]));
    }
}

} // namespace lw::serve
