#include "core/dedup/min_hash.h"

#include "core/dedup/xxhash_inline.h"
#include "core/dedup/near_dedup_settings.h"
#include "core/dedup/text_normalisation.h"

// GCC 12's _mm512_min_epu64 starts from _mm512_undefined_epi32(), which -Wmaybe-uninitialized
// reports where it is inlined (a false positive, fixed in GCC 13).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>

namespace lw::dedup {
namespace {

#define LW_AVX512 __attribute__((target("avx512f,avx512dq")))

constexpr uint64_t kLow29 = (uint64_t(1) << 29) - 1;
constexpr uint64_t kLow32 = 0xFFFFFFFFu;

uint64_t splitMix64(uint64_t& state)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// h(x) for a = aHigh * 2^32 + aLow, with every intermediate below 2^64:
//   aLow * x      < 2^64, reduced once: (v & p) + (v >> 61)       < 2^61 + 8
//   aHigh * x = t < 2^61, and t * 2^32 = (t >> 29) * 2^61 + (t & (2^29 - 1)) * 2^32,
//                 which is (t >> 29) + ((t & (2^29 - 1)) << 32)   < 2^61 + 2^32  (mod p)
// The sum with b (< 2^61) is below 2^63; one more fold and one conditional subtraction
// give the canonical residue.
inline uint64_t universalHash(uint64_t aLow, uint64_t aHigh, uint64_t b, uint64_t x)
{
    const uint64_t low = aLow * x;
    const uint64_t t = aHigh * x;
    const uint64_t sum = (low & kMersenne61) + (low >> 61) + (t >> 29) + ((t & kLow29) << 32) + b;
    uint64_t r = (sum & kMersenne61) + (sum >> 61);
    r = std::min(r, r - kMersenne61); // r - p wraps around when r < p
    return r & kLow32;
}

void minimaPortable(const uint32_t* xs, size_t count, const uint64_t* aLow, const uint64_t* aHigh,
                    const uint64_t* b, int from, int to, uint64_t* minima)
{
    for (size_t s = 0; s < count; ++s) {
        const uint64_t x = xs[s];
        for (int i = from; i < to; ++i)
            minima[i] = std::min(minima[i], universalHash(aLow[i], aHigh[i], b[i], x));
    }
}

struct Lanes {
    __m512i aLow, aHigh, b, minimum;
};

LW_AVX512 inline __m512i universalHash8(const Lanes& l, __m512i x)
{
    const __m512i p = _mm512_set1_epi64(static_cast<long long>(kMersenne61));
    const __m512i low = _mm512_mul_epu32(l.aLow, x);
    const __m512i t = _mm512_mul_epu32(l.aHigh, x);
    __m512i sum = _mm512_add_epi64(_mm512_and_si512(low, p), _mm512_srli_epi64(low, 61));
    sum = _mm512_add_epi64(sum, _mm512_srli_epi64(t, 29));
    sum = _mm512_add_epi64(sum, _mm512_slli_epi64(_mm512_and_si512(t, _mm512_set1_epi64(kLow29)), 32));
    sum = _mm512_add_epi64(sum, l.b);
    __m512i r = _mm512_add_epi64(_mm512_and_si512(sum, p), _mm512_srli_epi64(sum, 61));
    r = _mm512_min_epu64(r, _mm512_sub_epi64(r, p));
    return _mm512_and_si512(r, _mm512_set1_epi64(kLow32));
}

// Four groups of 8 hash functions per pass over the shingles: four independent chains
// keep the multipliers busy, and 16 registers hold the state.
LW_AVX512 void minimaAvx512(const uint32_t* xs, size_t count, const uint64_t* aLow, const uint64_t* aHigh,
                            const uint64_t* b, int numPerm, uint64_t* minima)
{
    constexpr int kGroups = 4;
    int i = 0;
    for (; i + 8 * kGroups <= numPerm; i += 8 * kGroups) {
        Lanes lanes[kGroups];
        for (int g = 0; g < kGroups; ++g)
            lanes[g] = {_mm512_loadu_si512(aLow + i + 8 * g), _mm512_loadu_si512(aHigh + i + 8 * g),
                        _mm512_loadu_si512(b + i + 8 * g), _mm512_loadu_si512(minima + i + 8 * g)};
        for (size_t s = 0; s < count; ++s) {
            const __m512i x = _mm512_set1_epi64(xs[s]);
            for (int g = 0; g < kGroups; ++g)
                lanes[g].minimum = _mm512_min_epu64(lanes[g].minimum, universalHash8(lanes[g], x));
        }
        for (int g = 0; g < kGroups; ++g)
            _mm512_storeu_si512(minima + i + 8 * g, lanes[g].minimum);
    }
    for (; i + 8 <= numPerm; i += 8) {
        Lanes lanes = {_mm512_loadu_si512(aLow + i), _mm512_loadu_si512(aHigh + i), _mm512_loadu_si512(b + i),
                       _mm512_loadu_si512(minima + i)};
        for (size_t s = 0; s < count; ++s)
            lanes.minimum = _mm512_min_epu64(lanes.minimum, universalHash8(lanes, _mm512_set1_epi64(xs[s])));
        _mm512_storeu_si512(minima + i, lanes.minimum);
    }
    minimaPortable(xs, count, aLow, aHigh, b, i, numPerm, minima);
}

} // namespace

bool cpuHasAvx512()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
}

MinHasher::MinHasher(int ngram, int numPerm, uint64_t seed)
    : m_ngram(ngram), m_numPerm(numPerm), m_avx512(cpuHasAvx512())
{
    NearDedupSettings settings;
    settings.ngram = ngram;
    settings.numPerm = numPerm;
    validate(settings);
    uint64_t state = seed;
    for (int i = 0; i < numPerm; ++i) {
        // Rejection keeps the draws uniform: 2^64 is not a multiple of p.
        uint64_t a, b;
        do
            a = splitMix64(state) >> 3;
        while (a == 0 || a >= kMersenne61);
        do
            b = splitMix64(state) >> 3;
        while (b >= kMersenne61);
        m_a.push_back(a);
        m_b.push_back(b);
        m_aLow.push_back(a & kLow32);
        m_aHigh.push_back(a >> 32);
    }
}

void MinHasher::setUseAvx512(bool use)
{
    m_avx512 = use && cpuHasAvx512();
}

void MinHasher::shingleHashes(std::string_view text, std::vector<uint32_t>& out)
{
    m_wordHashes.clear();
    forEachWord(text, m_word, [&](std::string_view word) {
        m_wordHashes.push_back(XXH3_64bits(word.data(), word.size()));
    });
    out.clear();
    if (m_wordHashes.empty())
        return;
    const size_t n = std::min(m_wordHashes.size(), static_cast<size_t>(m_ngram));
    for (size_t start = 0; start + n <= m_wordHashes.size(); ++start) {
        const uint64_t h = XXH3_64bits(m_wordHashes.data() + start, n * sizeof(uint64_t));
        out.push_back(static_cast<uint32_t>(h ^ (h >> 32)));
    }
}

void MinHasher::signatureOfHashes(const uint32_t* hashes, size_t count, uint32_t* signature) const
{
    uint64_t minima[kMaxNumPerm]; // 64-bit lanes while the minima are taken
    std::fill(minima, minima + m_numPerm, uint64_t(kEmptySignatureValue));
    if (m_avx512)
        minimaAvx512(hashes, count, m_aLow.data(), m_aHigh.data(), m_b.data(), m_numPerm, minima);
    else
        minimaPortable(hashes, count, m_aLow.data(), m_aHigh.data(), m_b.data(), 0, m_numPerm, minima);
    for (int i = 0; i < m_numPerm; ++i)
        signature[i] = static_cast<uint32_t>(minima[i]);
}

size_t MinHasher::signature(std::string_view text, uint32_t* signature)
{
    shingleHashes(text, m_shingles);
    signatureOfHashes(m_shingles.data(), m_shingles.size(), signature);
    return m_shingles.size();
}

} // namespace lw::dedup

#undef LW_AVX512
#pragma GCC diagnostic pop
