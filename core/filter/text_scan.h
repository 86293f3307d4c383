#pragma once
// Allocation-free walks over UTF-8 text for the filters: code points, words (runs
// between Unicode white space) and lines. Files are untrusted, so a byte that does not
// start a valid sequence decodes as U+FFFD and the walk moves on by one byte.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace lw::filter {

// Decodes a multi-byte sequence (or a bad byte) at text[pos]; nextCodePoint's slow path.
char32_t decodeMultiByte(std::string_view text, size_t& pos);

// Decodes the code point at text[pos] and advances pos past it (always by at least 1).
inline char32_t nextCodePoint(std::string_view text, size_t& pos)
{
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) {
        ++pos;
        return lead;
    }
    return decodeMultiByte(text, pos);
}

int64_t countCodePoints(std::string_view text);

// Unicode properties of non-ASCII code points, from ICU.
bool isSpaceBeyondAscii(char32_t cp);
bool isAlphabeticBeyondAscii(char32_t cp);

inline bool isSpace(char32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    return isSpaceBeyondAscii(cp);
}

inline bool isAlphabetic(char32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return isAlphabeticBeyondAscii(cp);
}

bool isDecimalDigit(char32_t cp);
char32_t foldCase(char32_t cp);

// Strips Unicode white space at both ends.
std::string_view trimSpace(std::string_view text);

// Calls onWord(std::string_view) for each run of non-space code points.
template <typename OnWord>
void forEachWord(std::string_view text, OnWord&& onWord)
{
    size_t pos = 0;
    size_t wordStart = std::string_view::npos;
    while (pos < text.size()) {
        const size_t at = pos;
        const char32_t cp = nextCodePoint(text, pos);
        if (isSpace(cp)) {
            if (wordStart != std::string_view::npos)
                onWord(text.substr(wordStart, at - wordStart));
            wordStart = std::string_view::npos;
        } else if (wordStart == std::string_view::npos) {
            wordStart = at;
        }
    }
    if (wordStart != std::string_view::npos)
        onWord(text.substr(wordStart));
}

// Calls onLine(std::string_view) for each line, without its "\n" or "\r\n".
template <typename OnLine>
void forEachLine(std::string_view text, OnLine&& onLine)
{
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        onLine(line);
        start = end + 1;
    }
}

} // namespace lw::filter
