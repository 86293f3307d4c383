#include "core/dedup/near_deduplicator.h"

#include "core/dedup/xxhash_inline.h"
#include "core/util/error.h"

#include <algorithm>

namespace lw::dedup {

NearDeduplicator::NearDeduplicator(const NearDedupSettings& settings)
    : m_settings(settings),
      m_lsh(lshBandsFor(settings)),
      m_hasher(settings.ngram, settings.numPerm, settings.seed),
      m_keptSignatures(static_cast<size_t>(settings.numPerm)),
      m_keptRow(1),
      m_nextInBucket(static_cast<size_t>(m_lsh.bands))
{
    m_buckets.resize(static_cast<size_t>(m_lsh.bands));
    m_signature.resize(static_cast<size_t>(settings.numPerm));
    m_signature16.resize(static_cast<size_t>(settings.numPerm));
    m_bandKeys.resize(static_cast<size_t>(m_lsh.bands));
}

NearMatch NearDeduplicator::add(std::string_view text)
{
    const int64_t row = m_rows++;
    if (m_hasher.signature(text, m_signature.data()) == 0)
        return {};
    const int numPerm = m_settings.numPerm;
    const size_t bandBytes = static_cast<size_t>(m_lsh.rows) * sizeof(uint32_t);
    for (int band = 0; band < m_lsh.bands; ++band)
        m_bandKeys[band] = XXH3_64bits_withSeed(m_signature.data() + band * m_lsh.rows, bandBytes, band);
    for (int i = 0; i < numPerm; ++i)
        m_signature16[i] = static_cast<uint16_t>(m_signature[i]);

    m_candidates.clear();
    for (int band = 0; band < m_lsh.bands; ++band) {
        for (uint32_t k = m_buckets[band].find(m_bandKeys[band]); k != kNoRow;
             k = m_nextInBucket.row(k)[band])
            m_candidates.push_back(k);
    }
    std::sort(m_candidates.begin(), m_candidates.end());
    m_candidates.erase(std::unique(m_candidates.begin(), m_candidates.end()), m_candidates.end());

    NearMatch best;
    for (uint32_t k : m_candidates) {
        const double estimate = estimateJaccard(m_signature16.data(), m_keptSignatures.row(k), numPerm);
        // Candidates come in row order: a strictly better estimate wins, a tie keeps the earlier row.
        if (estimate >= m_settings.threshold && estimate > best.jaccard)
            best = {true, *m_keptRow.row(k), estimate};
    }
    if (!best.duplicate)
        index(row);
    return best;
}

void NearDeduplicator::index(int64_t row)
{
    if (m_keptRow.rows() >= kNoRow)
        throw Error("near dedup: more than " + std::to_string(kNoRow - 1) + " kept rows");
    const auto k = static_cast<uint32_t>(m_keptRow.rows());
    *m_keptRow.append() = row;
    std::copy(m_signature16.begin(), m_signature16.end(), m_keptSignatures.append());
    uint32_t* next = m_nextInBucket.append();
    for (int band = 0; band < m_lsh.bands; ++band)
        next[band] = m_buckets[band].exchange(m_bandKeys[band], k);
}

size_t NearDeduplicator::memoryBytes() const
{
    size_t bytes = sizeof(*this);
    bytes += m_keptSignatures.memoryBytes() + m_keptRow.memoryBytes() + m_nextInBucket.memoryBytes();
    for (const auto& b : m_buckets)
        bytes += sizeof(b) + b.memoryBytes();
    bytes += m_signature.capacity() * sizeof(uint32_t) + m_signature16.capacity() * sizeof(uint16_t) +
             m_bandKeys.capacity() * sizeof(uint64_t) + m_candidates.capacity() * sizeof(uint32_t);
    return bytes;
}

} // namespace lw::dedup
