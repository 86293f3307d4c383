#include "core/filter/quality_stats.h"

#include "core/filter/text_scan.h"

#include <xxhash.h>

#include <algorithm>

namespace lw::filter {

namespace {

bool isBullet(char32_t cp)
{
    switch (cp) {
    case '-': case '*': case 0x2022: case 0x25CF: case 0x25E6: case 0x2023: case 0x25AA: case 0x00B7:
        return true;
    default:
        return false;
    }
}

uint64_t hashBytes(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

bool endsWithEllipsis(std::string_view line)
{
    constexpr std::string_view kDots = "...";
    constexpr std::string_view kEllipsis = "\u2026";
    return (line.size() >= kDots.size() && line.substr(line.size() - kDots.size()) == kDots)
        || (line.size() >= kEllipsis.size() && line.substr(line.size() - kEllipsis.size()) == kEllipsis);
}

} // namespace

uint64_t combineHashes(uint64_t seed, uint64_t value)
{
    // splitmix64's finaliser over the pair: order matters, so "a b" and "b a" differ.
    uint64_t z = seed * 0x9E3779B97F4A7C15ULL + value + 0x632BE59BD9B4E019ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void collectWords(std::string_view text, std::vector<WordSpan>& words, WordStats& stats)
{
    words.clear();
    stats = {};
    WordSpan current;
    bool inWord = false;
    bool currentHasAlpha = false;
    int dotRun = 0;
    const auto finishWord = [&](size_t end) {
        current.bytes = end - current.offset;
        current.hash = hashBytes(text.substr(current.offset, current.bytes));
        words.push_back(current);
        stats.wordChars += current.chars;
        stats.alphaWords += currentHasAlpha ? 1 : 0;
        inWord = false;
    };
    for (size_t pos = 0; pos < text.size();) {
        const size_t at = pos;
        const char32_t cp = nextCodePoint(text, pos);
        dotRun = cp == '.' ? dotRun + 1 : 0;
        if (dotRun == 3) {
            ++stats.ellipses;
            dotRun = 0;
        }
        if (isSpace(cp)) {
            if (inWord)
                finishWord(at);
            continue;
        }
        if (!inWord) {
            current = WordSpan{at, 0, 0, 0};
            currentHasAlpha = false;
            inWord = true;
        }
        ++current.chars;
        currentHasAlpha = currentHasAlpha || isAlphabetic(cp);
        stats.hashSymbols += cp == '#' ? 1 : 0;
        stats.ellipses += cp == 0x2026 ? 1 : 0;
        stats.digits += isDecimalDigit(cp) ? 1 : 0;
    }
    if (inWord)
        finishWord(text.size());
    stats.words = static_cast<int64_t>(words.size());
}

void collectLines(std::string_view text, HashCounter& lineCounter, HashCounter& paragraphCounter,
                  LineStats& stats)
{
    stats = {};
    size_t newlines = 0;
    for (char c : text)
        newlines += c == '\n' ? 1 : 0;
    lineCounter.reset(newlines + 1);
    paragraphCounter.reset(newlines / 2 + 1);

    uint64_t paragraphHash = 0;
    int64_t paragraphChars = 0;
    const auto finishParagraph = [&] {
        if (paragraphChars == 0)
            return;
        ++stats.paragraphs;
        stats.paragraphChars += paragraphChars;
        if (paragraphCounter.add(paragraphHash) > 1) {
            ++stats.duplicateParagraphs;
            stats.duplicateParagraphChars += paragraphChars;
        }
        paragraphHash = 0;
        paragraphChars = 0;
    };
    forEachLine(text, [&](std::string_view rawLine) {
        const std::string_view line = trimSpace(rawLine);
        if (line.empty()) {
            finishParagraph();
            return;
        }
        const int64_t chars = countCodePoints(line);
        const uint64_t hash = hashBytes(line);
        ++stats.lines;
        stats.lineChars += chars;
        size_t first = 0;
        stats.bulletLines += isBullet(nextCodePoint(line, first)) ? 1 : 0;
        stats.ellipsisLines += endsWithEllipsis(line) ? 1 : 0;
        if (lineCounter.add(hash) > 1) {
            ++stats.duplicateLines;
            stats.duplicateLineChars += chars;
        }
        paragraphHash = combineHashes(paragraphHash, hash);
        paragraphChars += chars;
    });
    finishParagraph();
}

void NgramHashes::reset(const std::vector<WordSpan>& words)
{
    m_n = 1;
    m_hashes.resize(words.size());
    for (size_t i = 0; i < words.size(); ++i)
        m_hashes[i] = combineHashes(1, words[i].hash);
}

void NgramHashes::grow(const std::vector<WordSpan>& words)
{
    if (m_hashes.empty()) {
        ++m_n; // fewer words than n: there are no n-grams to hash
        return;
    }
    // The (n+1)-gram at i is the n-gram at i followed by word i + n.
    m_hashes.pop_back();
    for (size_t i = 0; i < m_hashes.size(); ++i)
        m_hashes[i] = combineHashes(m_hashes[i], words[i + m_n].hash);
    ++m_n;
}

double topNgramCharFraction(const std::vector<WordSpan>& words, const NgramHashes& grams, int64_t wordChars,
                            HashCounter& counter)
{
    const int n = grams.n();
    const std::vector<uint64_t>& hashes = grams.hashes();
    if (wordChars == 0 || hashes.empty())
        return 0;
    counter.reset(hashes.size());
    uint32_t bestCount = 0;
    int64_t bestChars = 0;
    for (size_t i = 0; i < hashes.size(); ++i) {
        const uint32_t seen = counter.add(hashes[i]);
        if (seen > bestCount) {
            bestCount = seen;
            bestChars = 0;
            for (int k = 0; k < n; ++k)
                bestChars += words[i + k].chars;
        }
    }
    if (bestCount < 2)
        return 0;
    return static_cast<double>(bestCount) * bestChars / wordChars;
}

double duplicateNgramCharFraction(const std::vector<WordSpan>& words, const NgramHashes& grams,
                                  int64_t wordChars, HashCounter& counter)
{
    const size_t n = static_cast<size_t>(grams.n());
    const std::vector<uint64_t>& hashes = grams.hashes();
    if (wordChars == 0 || hashes.empty())
        return 0;
    counter.reset(hashes.size());
    int64_t duplicateChars = 0;
    size_t coveredUpTo = 0; // words before this index are already counted
    for (size_t i = 0; i < hashes.size(); ++i) {
        if (counter.add(hashes[i]) < 2)
            continue;
        for (size_t k = std::max(i, coveredUpTo); k < i + n; ++k)
            duplicateChars += words[k].chars;
        coveredUpTo = i + n;
    }
    return static_cast<double>(duplicateChars) / wordChars;
}

} // namespace lw::filter
