#include "core/util/caching_cpu_allocator.h"

#include <c10/core/CPUAllocator.h>

#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

namespace lw::util {

namespace {

// Blocks below this size go to the default allocator.
constexpr size_t kMinCachedBytes = size_t(64) << 10;
// Sizes are rounded up to whole pages so near-identical requests share a free list.
constexpr size_t kPage = 4096;
// Each block starts with a header that remembers its size; the data follows, aligned
// as LibTorch expects (64 bytes; a whole page here).
constexpr size_t kHeaderBytes = kPage;

class CachingCpuAllocator final : public c10::Allocator {
public:
    CachingCpuAllocator(c10::Allocator* fallback, size_t maxCachedBytes)
        : m_fallback(fallback), m_maxCachedBytes(maxCachedBytes)
    {
    }

    c10::DataPtr allocate(size_t bytes) const override
    {
        if (bytes < kMinCachedBytes)
            return m_fallback->allocate(bytes);
        const size_t rounded = (bytes + kPage - 1) / kPage * kPage;
        void* block = take(rounded);
        if (!block) {
            block = std::aligned_alloc(kPage, rounded + kHeaderBytes);
            if (!block)
                throw std::bad_alloc();
            *static_cast<size_t*>(block) = rounded;
            std::lock_guard<std::mutex> lock(m_mutex);
            ++m_stats.misses;
            m_stats.liveBytes += rounded;
        }
        void* data = static_cast<char*>(block) + kHeaderBytes;
        return {data, block, &CachingCpuAllocator::release, c10::Device(c10::DeviceType::CPU)};
    }

    c10::DeleterFnPtr raw_deleter() const override { return nullptr; }

    CachingAllocatorStats stats() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_stats;
    }

    static CachingCpuAllocator* instance;

private:
    void* take(size_t rounded) const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        auto it = m_free.find(rounded);
        if (it == m_free.end() || it->second.empty())
            return nullptr;
        void* block = it->second.back();
        it->second.pop_back();
        ++m_stats.hits;
        m_stats.cachedBytes -= rounded;
        m_stats.liveBytes += rounded;
        return block;
    }

    static void release(void* block)
    {
        const size_t rounded = *static_cast<size_t*>(block);
        CachingCpuAllocator* self = instance;
        {
            std::lock_guard<std::mutex> lock(self->m_mutex);
            self->m_stats.liveBytes -= rounded;
            if (self->m_stats.cachedBytes + rounded <= self->m_maxCachedBytes) {
                self->m_free[rounded].push_back(block);
                self->m_stats.cachedBytes += rounded;
                return;
            }
        }
        std::free(block);
    }

    c10::Allocator* m_fallback;
    size_t m_maxCachedBytes;
    mutable std::mutex m_mutex;
    mutable std::unordered_map<size_t, std::vector<void*>> m_free;
    mutable CachingAllocatorStats m_stats;
};

CachingCpuAllocator* CachingCpuAllocator::instance = nullptr;

} // namespace

void installCachingCpuAllocator(size_t maxCachedBytes)
{
    static std::once_flag once;
    std::call_once(once, [maxCachedBytes] {
        // Lives as long as the process: tensors freed during static destruction still
        // return their blocks here.
        CachingCpuAllocator::instance = new CachingCpuAllocator(c10::GetDefaultCPUAllocator(), maxCachedBytes);
        c10::SetCPUAllocator(CachingCpuAllocator::instance, /*priority=*/1);
    });
}

bool cachingCpuAllocatorInstalled()
{
    return CachingCpuAllocator::instance != nullptr;
}

CachingAllocatorStats cachingCpuAllocatorStats()
{
    return CachingCpuAllocator::instance ? CachingCpuAllocator::instance->stats() : CachingAllocatorStats{};
}

} // namespace lw::util
