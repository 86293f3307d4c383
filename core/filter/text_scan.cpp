#include "core/filter/text_scan.h"

#include <unicode/uchar.h>

namespace lw::filter {

char32_t decodeMultiByte(std::string_view text, size_t& pos)
{
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    int length = 0;
    char32_t cp = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, cp = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, cp = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, cp = lead & 0x07, minimum = 0x10000;
    } else {
        ++pos;
        return 0xFFFD;
    }
    if (pos + length > text.size()) {
        ++pos;
        return 0xFFFD;
    }
    for (int i = 1; i < length; ++i) {
        const unsigned char next = byte(pos + i);
        if ((next & 0xC0) != 0x80) {
            ++pos;
            return 0xFFFD;
        }
        cp = (cp << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8.
    if (cp < minimum || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        ++pos;
        return 0xFFFD;
    }
    pos += length;
    return cp;
}

int64_t countCodePoints(std::string_view text)
{
    int64_t count = 0;
    for (size_t pos = 0; pos < text.size();) {
        nextCodePoint(text, pos);
        ++count;
    }
    return count;
}

bool isSpaceBeyondAscii(char32_t cp) { return u_isUWhiteSpace(static_cast<UChar32>(cp)); }

bool isAlphabeticBeyondAscii(char32_t cp) { return u_isUAlphabetic(static_cast<UChar32>(cp)); }

bool isDecimalDigit(char32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return u_isdigit(static_cast<UChar32>(cp));
}

char32_t foldCase(char32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT));
}

std::string_view trimSpace(std::string_view text)
{
    size_t begin = 0;
    while (begin < text.size()) {
        size_t next = begin;
        if (!isSpace(nextCodePoint(text, next)))
            break;
        begin = next;
    }
    // From the back: step to the start of the last code point (past at most three
    // continuation bytes) and decode it forwards, so only the trailing space is read.
    size_t end = text.size();
    while (end > begin) {
        size_t start = end - 1;
        while (start > begin && end - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
            --start;
        size_t pos = start;
        const char32_t cp = nextCodePoint(text, pos);
        if (pos != end || !isSpace(cp))
            break; // not a space, or bytes that do not decode as one sequence (never space)
        end = start;
    }
    return text.substr(begin, end - begin);
}

} // namespace lw::filter
