#pragma once
// Bytes that are about to be overwritten (a chunk of a file being converted): resize()
// and the size constructor leave them uninitialised, where std::vector<uint8_t> would
// first fill them with zeros only for the caller to overwrite every one.
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace lw::util {

template <class T>
struct UninitialisedAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitialisedAllocator<U>;
    };
    UninitialisedAllocator() = default;
    template <class U>
    UninitialisedAllocator(const UninitialisedAllocator<U>&) noexcept
    {
    }
    template <class U>
    void construct(U* p) noexcept
    {
        ::new (static_cast<void*>(p)) U; // default-initialised: no value for a byte
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args)
    {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

using ByteBuffer = std::vector<uint8_t, UninitialisedAllocator<uint8_t>>;

} // namespace lw::util
