#include "core/serve/http_thread_pool.h"

namespace lw::serve {

HttpThreadPool::HttpThreadPool(size_t maxThreads) : m_maxThreads(maxThreads > 0 ? maxThreads : 1) {}

HttpThreadPool::~HttpThreadPool()
{
    shutdown();
}

void HttpThreadPool::enqueue(std::function<void()> task)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_tasks.push_back(std::move(task));
        // Tasks already queued take idle threads first; start one only when none is left.
        if (m_idle < m_tasks.size() && m_threads.size() < m_maxThreads)
            m_threads.emplace_back([this] { work(); });
    }
    m_wake.notify_one();
}

void HttpThreadPool::shutdown()
{
    std::vector<std::thread> threads;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_shutdown = true;
        threads.swap(m_threads);
    }
    m_wake.notify_all();
    for (std::thread& t : threads)
        if (t.joinable())
            t.join();
}

size_t HttpThreadPool::threadCount()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_threads.size();
}

void HttpThreadPool::work()
{
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            ++m_idle;
            m_wake.wait(lock, [&] { return m_shutdown || !m_tasks.empty(); });
            --m_idle;
            if (m_tasks.empty())
                return; // shut down with nothing left to do
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
        }
        task();
    }
}

} // namespace lw::serve
