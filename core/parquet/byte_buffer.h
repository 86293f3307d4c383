#pragma once
// A growable byte buffer that neither zero-fills nor gives memory back: pages are read
// and decompressed into the same buffers page after page, row group after row group,
// so a large page costs one allocation and its page faults once, not once per page
// (std::string's resize zero-fills, and freeing a large block unmaps it).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

namespace lw::parquet {

class ByteBuffer {
public:
    uint8_t* data() { return m_bytes.get(); }
    const uint8_t* data() const { return m_bytes.get(); }
    size_t size() const { return m_size; }

    // New size; the old contents are kept up to the smaller size, new bytes are undefined.
    void resize(size_t size)
    {
        if (size > m_capacity) {
            std::unique_ptr<uint8_t[]> bigger(new uint8_t[size]);
            if (m_size > 0)
                std::memcpy(bigger.get(), m_bytes.get(), m_size);
            m_bytes = std::move(bigger);
            m_capacity = size;
        }
        m_size = size;
    }
    void assign(const uint8_t* bytes, size_t size)
    {
        m_size = 0; // nothing to keep
        resize(size);
        if (size > 0)
            std::memcpy(m_bytes.get(), bytes, size);
    }

private:
    std::unique_ptr<uint8_t[]> m_bytes;
    size_t m_size = 0;
    size_t m_capacity = 0;
};

} // namespace lw::parquet
