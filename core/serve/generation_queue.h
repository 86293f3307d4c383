#pragma once
// The one thread that runs the model. Requests wait in a bounded queue; when the
// thread is free it takes every waiting request, up to maxBatch, and answers them
// together with Generator::generateBatch (one forward pass per step for all of them).
// Only this thread touches the Generator, so no two requests ever share a KV cache
// slot at the same time; a client that goes away stops its own sequence only.
#include "core/generate/generator.h"
#include "core/serve/generation_job.h"

#include <deque>
#include <memory>
#include <thread>

namespace lw::serve {

struct GenerationQueueOptions {
    int maxPending = 8; // jobs waiting or running; more are refused (429)
    int maxBatch = 4;   // jobs answered together
    int threads = 0;    // CPU threads for the model (0: all cores)
};

class GenerationQueue {
public:
    GenerationQueue(generate::Generator& generator, GenerationQueueOptions options);
    ~GenerationQueue();
    GenerationQueue(const GenerationQueue&) = delete;
    GenerationQueue& operator=(const GenerationQueue&) = delete;

    // Queues the job. ApiError 429 when maxPending jobs are waiting or running, 503
    // once stopped.
    void submit(const std::shared_ptr<GenerationJob>& job);
    // Ends the running generation at its next token and fails every job not yet done
    // (503); joins the thread. Idempotent.
    void stop();

    struct Counts {
        size_t waiting = 0, running = 0;
        uint64_t completed = 0, refused = 0, batches = 0;
    };
    Counts counts() const;

private:
    void run();
    void answer(std::vector<std::shared_ptr<GenerationJob>>& batch);

    generate::Generator& m_generator;
    const GenerationQueueOptions m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::shared_ptr<GenerationJob>> m_waiting;
    size_t m_running = 0;
    uint64_t m_completed = 0, m_refused = 0, m_batches = 0;
    std::atomic<bool> m_stopping{false};
    std::thread m_thread;
};

} // namespace lw::serve
