#pragma once
// Near duplicates, streamed: rows are fed in order (numbered 0, 1, 2, ...) and a row is a
// duplicate when an earlier *kept* row shares one of its LSH band buckets and their
// signatures' estimated Jaccard similarity is at least the threshold; otherwise it is
// kept and indexed. So the first row of each cluster stays, and a row is never dropped
// for resembling a row that was itself dropped. Candidates that pass are ranked by
// estimate, then by row, so the decisions are a function of the texts and settings alone.
//
// Memory grows with kept rows only (dropped rows leave nothing behind): per kept row, the
// low 16 bits of each signature value (2 * numPerm bytes), its row id, and per band one
// bucket-chain link plus a share of a hash table (8-byte key, 4-byte head, 35% to 70%
// full): about 560 bytes at 128 values and 9 bands (bench_near_dedup: 491 MB for the
// 880,447 rows kept of 1,000,000). The 16-bit parts raise the expected estimate by
// (1 - J) * 2^-16 over a comparison of the full 32-bit values.
// A row with no words has no shingles: it is kept and not indexed.
#include "core/dedup/flat_hash_map.h"
#include "core/dedup/min_hash.h"
#include "core/dedup/near_dedup_settings.h"
#include "core/dedup/row_arena.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace lw::dedup {

struct NearMatch {
    bool duplicate = false;
    int64_t matchedRow = -1; // the earlier kept row it resembles; -1 when kept
    double jaccard = 0;      // the signatures' estimate for that pair
};

class NearDeduplicator {
public:
    explicit NearDeduplicator(const NearDedupSettings& settings); // validates

    NearMatch add(std::string_view text);
    bool isDuplicate(std::string_view text) { return add(text).duplicate; }

    const NearDedupSettings& settings() const { return m_settings; }
    LshBands lshBands() const { return m_lsh; }
    int64_t rows() const { return m_rows; }
    int64_t keptRows() const { return static_cast<int64_t>(m_keptRow.rows()); }
    size_t memoryBytes() const; // everything this object holds, capacities included

private:
    static constexpr uint32_t kNoRow = 0xFFFFFFFFu; // end of a bucket chain

    NearDedupSettings m_settings;
    LshBands m_lsh;
    MinHasher m_hasher;
    int64_t m_rows = 0;

    // Kept rows, by kept index k.
    RowArena<uint16_t> m_keptSignatures; // row k, value i: low 16 bits of signature value i
    RowArena<int64_t> m_keptRow;         // row k: its row id
    RowArena<uint32_t> m_nextInBucket;   // row k, value band: the previous kept row in that bucket
    std::vector<FlatHashMap<uint64_t, uint32_t, kNoRow>> m_buckets; // per band: key -> newest kept row

    // Scratch reused between rows.
    std::vector<uint32_t> m_signature;
    std::vector<uint16_t> m_signature16;
    std::vector<uint64_t> m_bandKeys;
    std::vector<uint32_t> m_candidates;

    void index(int64_t row);
};

} // namespace lw::dedup
