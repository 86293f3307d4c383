#pragma once
// MinHash signatures of word n-gram shingles.
//
// A text's words (text_normalisation.h) are hashed with 64-bit XXH3; each run of `ngram`
// consecutive words is a shingle, hashed as XXH3 of its words' hashes and folded to 32
// bits (x = low ^ high); a text with fewer words than `ngram` is one shingle of all of
// them, and a text with no words has no shingles. Signature value i is the minimum over
// the shingles of
//     h_i(x) = ((a_i * x + b_i) mod (2^61 - 1)) mod 2^32,
// with a_i in [1, p) and b_i in [0, p) drawn by SplitMix64 from the seed: the universal
// family datasketch uses, computed exactly (no 64-bit overflow in a_i * x). Two texts'
// signatures agree at i with probability equal to the Jaccard similarity of their
// shingle sets (plus 2^-32 for chance equal values).
//
// The inner loop runs 8 hash functions per AVX-512 instruction where the CPU has it
// (checked at run time) and a portable loop otherwise; both give the same values.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lw::dedup {

constexpr uint64_t kMersenne61 = (uint64_t(1) << 61) - 1;
constexpr uint32_t kEmptySignatureValue = 0xFFFFFFFFu; // every value of a text without shingles

class MinHasher {
public:
    MinHasher(int ngram, int numPerm, uint64_t seed); // lw::Error for values validate() refuses

    int ngram() const { return m_ngram; }
    int numPerm() const { return m_numPerm; }
    const std::vector<uint64_t>& multipliers() const { return m_a; } // a_i
    const std::vector<uint64_t>& increments() const { return m_b; }  // b_i

    // The 32-bit shingle hashes of `text` in order (repeats kept) into `out`.
    void shingleHashes(std::string_view text, std::vector<uint32_t>& out);

    // Writes numPerm() values to `signature`; returns the number of shingles (0: every
    // value is kEmptySignatureValue).
    size_t signature(std::string_view text, uint32_t* signature);
    void signatureOfHashes(const uint32_t* hashes, size_t count, uint32_t* signature) const;

    // Whether the AVX-512 loop is used; tests turn it off to compare the two.
    bool usesAvx512() const { return m_avx512; }
    void setUseAvx512(bool use);

private:
    int m_ngram;
    int m_numPerm;
    bool m_avx512;
    std::vector<uint64_t> m_a, m_b;         // the hash functions
    std::vector<uint64_t> m_aLow, m_aHigh;  // a_i split at bit 32, for 32x32-bit products
    std::vector<uint64_t> m_wordHashes;     // reused between texts
    std::vector<uint32_t> m_shingles;
    std::string m_word;
};

// Fraction of positions where the two signatures agree: the MinHash estimate of Jaccard
// similarity. Works on any unsigned value type (the deduplicator stores 16-bit parts).
template <class T> double estimateJaccard(const T* a, const T* b, int numPerm)
{
    int equal = 0;
    for (int i = 0; i < numPerm; ++i)
        equal += a[i] == b[i];
    return static_cast<double>(equal) / numPerm;
}

bool cpuHasAvx512();

} // namespace lw::dedup
