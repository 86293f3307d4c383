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

ByteBuffer BackgroundWriter::takeBuffer(size_t size)
{
    ByteBuffer buffer;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        // The largest spare one: chunks are mostly of one size, the last of a tensor smaller.
        auto largest = m_spare.end();
        for (auto it = m_spare.begin(); it != m_spare.end(); ++it)
            if (largest == m_spare.end() || it->capacity() > largest->capacity())
                largest = it;
        if (largest != m_spare.end()) {
            m_spareBytes -= largest->capacity();
            buffer = std::move(*largest);
            m_spare.erase(largest);
        }
    }
    buffer.resize(size); // not initialised, and no allocation when the capacity suffices
    return buffer;
}

void BackgroundWriter::keepForReuse(ByteBuffer buffer)
{
    if (buffer.capacity() == 0 || m_spareBytes + buffer.capacity() > m_maxQueuedBytes)
        return;
    m_spareBytes += buffer.capacity();
    m_spare.push_back(std::move(buffer));
}

void BackgroundWriter::enqueue(Item item)
{
    const uint64_t held = item.heldBytes;
    std::unique_lock<std::mutex> lock(m_mutex);
    // Waiting only while something is queued lets one buffer larger than the bound pass.
    m_changed.wait(lock, [&] {
        return m_failure || m_queue.empty() || m_queuedOwnedBytes + held <= m_maxQueuedBytes;
    });
    rethrowFailure();
    m_pushed += item.size;
    m_queuedOwnedBytes += held;
    m_queue.push_back(std::move(item));
    lock.unlock();
    m_changed.notify_all();
}

void BackgroundWriter::push(ByteBuffer bytes)
{
    if (bytes.empty())
        return;
    Item item;
    item.size = bytes.size();
    item.heldBytes = bytes.size();
    item.owned = std::move(bytes);
    item.data = item.owned.data();
    enqueue(std::move(item));
}

void BackgroundWriter::pushView(const void* data, size_t size)
{
    if (size > 0)
        enqueue(Item{{}, nullptr, data, size, 0});
}

void BackgroundWriter::pushShared(std::shared_ptr<const void> owner, const void* data, size_t size)
{
    if (size > 0)
        enqueue(Item{{}, std::move(owner), data, size, size});
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
        Item written = std::move(m_queue.front());
        m_queue.pop_front();
        keepForReuse(std::move(written.owned));
        if (written.owner) {
            // The last reference to a source tensor may free (or unmap) it: not under the
            // lock. Its bytes stay counted until then, so finish() returns only after the
            // release, as the header promises.
            lock.unlock();
            written.owner.reset();
            lock.lock();
        }
        m_queuedOwnedBytes -= written.heldBytes;
        m_changed.notify_all();
    }
}

} // namespace lw::util
