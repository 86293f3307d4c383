#pragma once
// Exact duplicates: rows whose texts are equal after normalisation (text_normalisation.h)
// are one cluster, and every row after the first of its cluster is a duplicate of it.
// Rows are fed in order and numbered 0, 1, 2, ...; the deduplicator keeps one 128-bit
// XXH3 hash and one row id per distinct text (about 24 to 48 bytes each, see
// memoryBytes()), never the texts. Two different texts merge only if their 128-bit
// hashes collide (about 2^-128 per pair).
#include "core/dedup/flat_hash_map.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace lw::dedup {

struct ExactMatch {
    bool duplicate = false;
    int64_t firstRow = -1; // the earlier row this one duplicates; -1 when it is the first
};

class ExactDeduplicator {
public:
    explicit ExactDeduplicator(bool stripPunctuation = false);

    // Decides the next row: a duplicate of an earlier row, or the first of its text (then
    // it is remembered).
    ExactMatch add(std::string_view text);
    bool isDuplicate(std::string_view text) { return add(text).duplicate; }

    // The row that first had this text's normalised form, or -1; remembers nothing.
    int64_t firstRowOf(std::string_view text);

    int64_t rows() const { return m_rows; }
    int64_t distinctRows() const { return static_cast<int64_t>(m_firstRows.size()); }
    size_t memoryBytes() const { return m_firstRows.memoryBytes() + m_normalised.capacity(); }

private:
    bool m_stripPunctuation;
    FlatHashMap<Hash128, int64_t, -1> m_firstRows;
    std::string m_normalised; // reused between rows
    int64_t m_rows = 0;

    Hash128 hashOf(std::string_view text);
};

} // namespace lw::dedup
