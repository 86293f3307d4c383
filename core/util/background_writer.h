#pragma once
// Writes byte buffers to an AtomicFileWriter, in order, on a thread of its own, so the
// caller converts the next tensor while the last one goes to disk (an export then runs
// at the speed of the slower of the two, not of their sum). Memory stays bounded: push()
// waits while more than `maxQueuedBytes` of owned buffers wait to be written. Buffers
// once written are kept (up to the same bound) and handed out again by takeBuffer(), so
// a long export reuses a few chunks' worth of memory instead of allocating, and having
// the kernel zero, fresh pages for every chunk.
#include "core/util/atomic_file.h"
#include "core/util/byte_buffer.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace lw::util {

class BackgroundWriter {
public:
    BackgroundWriter(AtomicFileWriter& file, uint64_t maxQueuedBytes);
    // Stops the thread; buffers not yet written are dropped (the file is not committed).
    ~BackgroundWriter();
    BackgroundWriter(const BackgroundWriter&) = delete;
    BackgroundWriter& operator=(const BackgroundWriter&) = delete;

    // A buffer of `size` bytes, not initialised, to fill and push(): one already written
    // when one is free, a new one otherwise.
    ByteBuffer takeBuffer(size_t size);
    // Queues `bytes`. Rethrows the error of an earlier write that failed.
    void push(ByteBuffer bytes);
    // Queues `size` bytes at `data` without a copy: they must stay valid until finish().
    void pushView(const void* data, size_t size);
    // Queues `size` bytes at `data` without a copy, keeping `owner` (what holds them)
    // alive until they are written; they count as queued bytes like an owned buffer.
    void pushShared(std::shared_ptr<const void> owner, const void* data, size_t size);
    // Bytes pushed so far (the file's length once they are written).
    uint64_t pushed() const { return m_pushed; }
    // Waits until every buffer is written; rethrows the error of a write that failed.
    void finish();

private:
    struct Item {
        ByteBuffer owned;
        std::shared_ptr<const void> owner; // keeps `data` alive when it is not `owned`
        const void* data = nullptr;
        size_t size = 0;
        uint64_t heldBytes = 0; // counted against the bound while queued
    };
    void enqueue(Item item);
    void run();
    void rethrowFailure();
    void keepForReuse(ByteBuffer buffer);

    AtomicFileWriter& m_file;
    const uint64_t m_maxQueuedBytes;
    uint64_t m_pushed = 0;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Item> m_queue;
    uint64_t m_queuedOwnedBytes = 0;
    std::vector<ByteBuffer> m_spare; // written buffers, for takeBuffer()
    uint64_t m_spareBytes = 0;
    bool m_stopping = false;
    std::exception_ptr m_failure;
    std::thread m_thread;
};

} // namespace lw::util
