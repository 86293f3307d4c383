#pragma once
// The one thread that runs the model, by continuous batching. Requests wait in a
// bounded queue, first come first served; up to maxBatch of them decode together in a
// generate::BatchDecoder, one forward pass per step for all. When one ends (its answer
// is complete, or its client went away) the next waiting request takes its slot at the
// next step: its prompt runs through the model in that step, beside the others' next
// tokens, and from then on it decodes with them. Each keeps its own sampling settings,
// seed, stop sequences and max_tokens, and gets the tokens it would get alone.
//
// A request that arrives with maxWaiting others already waiting is refused (429), one
// that waits longer than waitTimeout is given up (503); both errors tell the client
// when to try again (Retry-After, from the recent answer rate). A client that leaves
// while waiting leaves the queue; one that leaves while decoding frees its slot at the
// next step. Only this thread touches the Generator.
//
// Several models on one base (a base and its adapters, each with a Generator of its own)
// take turns: a batch holds one model's requests. The oldest waiting request names the
// model of the next batch; while it waits for another model than the running batch's,
// no more requests join that batch, so it drains and the turn passes (first come,
// first served, none starved).
#include "core/generate/generator.h"
#include "core/serve/generation_job.h"

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <thread>

namespace lw::serve {

struct GenerationQueueOptions {
    int maxWaiting = 256; // requests waiting for a slot; more are refused (429)
    int maxBatch = 8;     // sequences decoded together
    std::chrono::milliseconds waitTimeout{300000}; // a request waiting longer gets 503
    int threads = 0;      // CPU threads for the model (0: all cores)
};

class GenerationQueue {
public:
    GenerationQueue(generate::Generator& generator, GenerationQueueOptions options);
    // `generators[job->variant()]` answers a job; `activate(variant)` runs on this thread
    // before a batch of that variant starts (it sets the variant's adapter in the model).
    GenerationQueue(std::vector<generate::Generator*> generators, std::function<void(size_t)> activate,
                    GenerationQueueOptions options);
    ~GenerationQueue();
    GenerationQueue(const GenerationQueue&) = delete;
    GenerationQueue& operator=(const GenerationQueue&) = delete;

    // Queues the job. ApiError 429 (with Retry-After) when maxWaiting jobs are waiting
    // and no slot is free, 503 once stopped.
    void submit(const std::shared_ptr<GenerationJob>& job);
    // Ends the running sequences at their next token and fails every job not yet done
    // (503); joins the thread. Idempotent.
    void stop();

    struct Counts {
        size_t waiting = 0, running = 0;
        size_t peakRunning = 0;     // most sequences decoded in one step
        uint64_t completed = 0;     // answered by the model (whatever ended them)
        uint64_t refused = 0;       // 429: the queue was full
        uint64_t timedOut = 0;      // 503: waited past the time-out
        uint64_t abandoned = 0;     // their client went away (waiting or decoding)
        uint64_t steps = 0;         // forward passes
        uint64_t sequenceSteps = 0; // sum of the sequences of every step: steps x mean batch
    };
    Counts counts() const;

private:
    struct Waiting {
        std::shared_ptr<GenerationJob> job;
        std::chrono::steady_clock::time_point since;
    };
    void run();
    // How long the queue as it is takes to drain at the recent answer rate (1..60 s).
    int retryAfterLocked() const;

    const std::vector<generate::Generator*> m_generators;
    const std::function<void(size_t)> m_activate;
    const GenerationQueueOptions m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Waiting> m_waiting;
    std::deque<std::chrono::steady_clock::time_point> m_recentAnswers; // the last ones, oldest first
    Counts m_counts;
    std::atomic<bool> m_stopping{false};
    std::thread m_thread;
};

} // namespace lw::serve
