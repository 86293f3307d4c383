#include "core/dedup/exact_deduplicator.h"

#include "core/dedup/xxhash_inline.h"
#include "core/dedup/text_normalisation.h"

namespace lw::dedup {

ExactDeduplicator::ExactDeduplicator(bool stripPunctuation) : m_stripPunctuation(stripPunctuation) {}

Hash128 ExactDeduplicator::hashOf(std::string_view text)
{
    normaliseForExactMatch(text, m_stripPunctuation, m_normalised);
    const XXH128_hash_t h = XXH3_128bits(m_normalised.data(), m_normalised.size());
    return {h.low64, h.high64};
}

ExactMatch ExactDeduplicator::add(std::string_view text)
{
    const int64_t row = m_rows++;
    const int64_t first = m_firstRows.insertIfAbsent(hashOf(text), row);
    if (first < 0)
        return {};
    return {true, first};
}

int64_t ExactDeduplicator::firstRowOf(std::string_view text)
{
    return m_firstRows.find(hashOf(text));
}

} // namespace lw::dedup
