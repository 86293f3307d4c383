#include "core/util/background_writer.h"

namespace lw::util {

BackgroundWriter::BackgroundWriter(AtomicFileWriter& file, uint64_t maxQueuedBytes)
    : m_file(file), m_maxQueuedBytes(maxQueuedBytes), m_thread([this] { run(); })
{
}

BackgroundWriter::~BackgroundWriter()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true; // the thread may be writing the front item: it stays until join
    }
    m_changed.notify_all();
    m_thread.join();
}

void BackgroundWriter::rethrowFailure()
{
    if (m_failure)
        std::rethrow_exception(m_failure);
}

void BackgroundWriter::enqueue(Item item)
{
    const uint64_t owned = item.owned.size();
    std::unique_lock<std::mutex> lock(m_mutex);
    // Waiting only while something is queued lets one buffer larger than the bound pass.
    m_changed.wait(lock, [&] {
        return m_failure || m_queue.empty() || m_queuedOwnedBytes + owned <= m_maxQueuedBytes;
    });
    rethrowFailure();
    m_pushed += item.size;
    m_queuedOwnedBytes += owned;
    m_queue.push_back(std::move(item));
    lock.unlock();
    m_changed.notify_all();
}

void BackgroundWriter::push(std::vector<uint8_t> bytes)
{
    if (bytes.empty())
        return;
    Item item;
    item.size = bytes.size();
    item.owned = std::move(bytes);
    item.data = item.owned.data();
    enqueue(std::move(item));
}

void BackgroundWriter::pushView(const void* data, size_t size)
{
    if (size > 0)
        enqueue(Item{{}, data, size});
}

void BackgroundWriter::finish()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [&] { return m_failure || (m_queue.empty() && m_queuedOwnedBytes == 0); });
    rethrowFailure();
}

void BackgroundWriter::run()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    while (true) {
        m_changed.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
        if (m_stopping)
            return;
        // The item stays counted (and in the queue) until written, so finish() waits for it.
        const Item& item = m_queue.front();
        lock.unlock();
        try {
            m_file.write(item.data, item.size);
        } catch (...) {
            lock.lock();
            m_failure = std::current_exception();
            m_changed.notify_all();
            return;
        }
        lock.lock();
        if (m_stopping)
            return;
        m_queuedOwnedBytes -= m_queue.front().owned.size();
        m_queue.pop_front();
        m_changed.notify_all();
    }
}

} // namespace lw::util
