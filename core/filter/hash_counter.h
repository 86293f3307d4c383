#pragma once
// Counts 64-bit keys (hashes of lines, paragraphs, n-grams) in an open-addressing table
// that keeps its memory between texts, so the quality rules allocate nothing once the
// table has grown to the largest text seen. Two different items sharing a 64-bit hash
// would count as one; at a few million items per text that chance is below 1e-6.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lw::filter {

class HashCounter {
public:
    // Empties the table and sizes it for up to `items` distinct keys.
    void reset(size_t items);
    // Counts one more of `key` and returns its count so far (1 the first time).
    uint32_t add(uint64_t key);

private:
    std::vector<uint64_t> m_keys; // 0 marks an empty slot
    std::vector<uint32_t> m_counts;
    size_t m_mask = 0;
};

} // namespace lw::filter
