#pragma once
// The HTTP threads of the local API. Every request waiting for the model holds one
// thread (it waits for its answer there), so the server needs as many threads as
// requests may wait, plus some for quick refusals and model lists: up to hundreds.
// httplib's own pool starts them all at once; this one starts a thread only when no
// idle one is left, up to `maxThreads`, and keeps it for the next connections.
#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lw::serve {

class HttpThreadPool : public httplib::TaskQueue {
public:
    explicit HttpThreadPool(size_t maxThreads);
    ~HttpThreadPool() override;

    void enqueue(std::function<void()> task) override;
    // Runs what is queued, then joins every thread (httplib calls it when it stops).
    void shutdown() override;

    size_t threadCount();

private:
    void work();

    const size_t m_maxThreads;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_tasks;
    std::vector<std::thread> m_threads;
    size_t m_idle = 0;
    bool m_shutdown = false;
};

} // namespace lw::serve
