#pragma once
// A CPU allocator for LibTorch that keeps freed large blocks for reuse.
//
// LibTorch's default CPU allocator hands every tensor to malloc and back. A training
// step frees and re-allocates the same large tensors (activations, gradients, logits
// chunks) every step; glibc returns large blocks to the kernel (munmap, heap trim),
// so each step faults the same memory in again, page by page, zeroed by the kernel.
// This allocator keeps freed blocks by size and hands them back on the next request of
// that size: in steady state a training step allocates nothing from the system. Small
// blocks go to LibTorch's default allocator, which malloc serves well.
#include <cstddef>
#include <cstdint>

namespace lw::util {

struct CachingAllocatorStats {
    int64_t hits = 0;          // large allocations served from the cache
    int64_t misses = 0;        // large allocations that went to the system
    size_t cachedBytes = 0;    // bytes held in free lists now
    size_t liveBytes = 0;      // bytes of large blocks in use now
};

// Makes the caching allocator LibTorch's CPU allocator for the rest of the process.
// Idempotent. Call before the tensors whose allocations it should serve; blocks held
// in free lists are capped at maxCachedBytes (beyond that, freed blocks go back to the
// system).
void installCachingCpuAllocator(size_t maxCachedBytes = size_t(8) << 30);

bool cachingCpuAllocatorInstalled();
CachingAllocatorStats cachingCpuAllocatorStats();

} // namespace lw::util
