#pragma once
// Fixed-width rows of T appended in chunks of about 256 KB: growing never copies what is
// stored and never holds two copies at once (as a doubling std::vector does), so memory
// follows the row count within one chunk.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace lw::dedup {

template <class T> class RowArena {
public:
    explicit RowArena(size_t width)
        : m_width(width), m_rowsPerChunk(std::max<size_t>(1, (size_t(256) << 10) / (width * sizeof(T))))
    {
    }

    // Storage for a new row of width() values (uninitialised).
    T* append()
    {
        if (m_rows == m_chunks.size() * m_rowsPerChunk)
            m_chunks.push_back(std::make_unique<T[]>(m_rowsPerChunk * m_width));
        return row(m_rows++);
    }

    T* row(size_t i) { return m_chunks[i / m_rowsPerChunk].get() + (i % m_rowsPerChunk) * m_width; }
    const T* row(size_t i) const { return m_chunks[i / m_rowsPerChunk].get() + (i % m_rowsPerChunk) * m_width; }

    size_t rows() const { return m_rows; }
    size_t width() const { return m_width; }
    size_t memoryBytes() const
    {
        return m_chunks.size() * m_rowsPerChunk * m_width * sizeof(T) + m_chunks.capacity() * sizeof(m_chunks[0]);
    }

private:
    size_t m_width;
    size_t m_rowsPerChunk;
    size_t m_rows = 0;
    std::vector<std::unique_ptr<T[]>> m_chunks;
};

} // namespace lw::dedup
