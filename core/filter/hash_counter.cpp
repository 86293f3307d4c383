#include "core/filter/hash_counter.h"

#include <algorithm>

namespace lw::filter {

void HashCounter::reset(size_t items)
{
    size_t capacity = 16;
    while (capacity < 2 * items) // at most half full, so probe runs stay short
        capacity *= 2;
    if (m_keys.size() < capacity) {
        m_keys.resize(capacity);
        m_counts.resize(capacity);
    }
    // Use only the first `capacity` slots: clearing a table sized for an earlier huge
    // text on every short text would cost more than the counting.
    std::fill(m_keys.begin(), m_keys.begin() + capacity, 0);
    m_mask = capacity - 1;
}

uint32_t HashCounter::add(uint64_t key)
{
    if (key == 0)
        key = 1;
    size_t slot = (key ^ (key >> 29)) & m_mask;
    for (;;) {
        if (m_keys[slot] == key)
            return ++m_counts[slot];
        if (m_keys[slot] == 0) {
            m_keys[slot] = key;
            m_counts[slot] = 1;
            return 1;
        }
        slot = (slot + 1) & m_mask;
    }
}

} // namespace lw::filter
