#pragma once
// A ByteSource over bytes in memory that hands them out at most `chunkBytes` at a time,
// so that the readers built on ByteSource meet every refill boundary a pipe or a
// decompressor could give them, not only the one a whole-file read gives.
#include "core/records/byte_source.h"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace lw::fuzz {

class MemoryByteSource final : public records::ByteSource {
public:
    MemoryByteSource(std::string_view bytes, size_t chunkBytes) : m_bytes(bytes), m_chunkBytes(std::max<size_t>(chunkBytes, 1)) { }
    size_t read(char* buffer, size_t capacity) override
    {
        const size_t n = std::min({capacity, m_chunkBytes, m_bytes.size() - m_at});
        if (n > 0)
            std::memcpy(buffer, m_bytes.data() + m_at, n);
        m_at += n;
        return n;
    }
    int64_t fileBytesRead() const override { return static_cast<int64_t>(m_at); }

private:
    std::string_view m_bytes;
    size_t m_chunkBytes;
    size_t m_at = 0;
};

} // namespace lw::fuzz
