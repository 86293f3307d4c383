#pragma once
// The counts the quality rules compare with their thresholds, gathered in one pass over
// the words and one over the lines. Callers keep the vectors and counters between texts
// (see QualityFilter), so gathering allocates nothing in the steady state.
#include "core/filter/hash_counter.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace lw::filter {

struct WordSpan {
    size_t offset = 0;
    size_t bytes = 0;
    int64_t chars = 0; // code points
    uint64_t hash = 0; // of the word's bytes
};

struct WordStats {
    int64_t words = 0;
    int64_t wordChars = 0;     // code points in all words
    int64_t alphaWords = 0;    // words holding at least one alphabetic code point
    int64_t hashSymbols = 0;   // '#'
    int64_t ellipses = 0;      // "..." (not overlapping) and U+2026
    int64_t digits = 0;        // decimal digits (any script)
};

// Lines are trimmed; blank lines are not lines but end paragraphs.
struct LineStats {
    int64_t lines = 0;
    int64_t lineChars = 0;
    int64_t bulletLines = 0;   // starting with - * • ● ◦ ‣ ▪ ·
    int64_t ellipsisLines = 0; // ending with "..." or U+2026
    int64_t duplicateLines = 0;     // lines equal to an earlier line
    int64_t duplicateLineChars = 0;
    int64_t paragraphs = 0;
    int64_t paragraphChars = 0;
    int64_t duplicateParagraphs = 0;
    int64_t duplicateParagraphChars = 0;
};

// Mixes two hashes; used to hash sequences (n-grams, paragraphs) from their parts.
uint64_t combineHashes(uint64_t seed, uint64_t value);

void collectWords(std::string_view text, std::vector<WordSpan>& words, WordStats& stats);
void collectLines(std::string_view text, HashCounter& lineCounter, HashCounter& paragraphCounter,
                  LineStats& stats);

// Hashes of every word n-gram, grown one n at a time (each step costs one hash per
// position, not n): reset() gives the 1-grams, grow() goes from n to n + 1.
class NgramHashes {
public:
    void reset(const std::vector<WordSpan>& words);
    void grow(const std::vector<WordSpan>& words);
    int n() const { return m_n; }
    // hashes()[i] is the hash of words i .. i + n - 1.
    const std::vector<uint64_t>& hashes() const { return m_hashes; }

private:
    std::vector<uint64_t> m_hashes;
    int m_n = 0;
};

// Characters in the most frequent word n-gram times its count, over all word
// characters; 0 when no n-gram occurs twice. n is grams.n().
double topNgramCharFraction(const std::vector<WordSpan>& words, const NgramHashes& grams, int64_t wordChars,
                            HashCounter& counter);
// Characters of the words covered by n-grams that occurred earlier in the text (each
// word counted once), over all word characters.
double duplicateNgramCharFraction(const std::vector<WordSpan>& words, const NgramHashes& grams,
                                  int64_t wordChars, HashCounter& counter);

} // namespace lw::filter
