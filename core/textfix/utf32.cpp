#include "core/textfix/utf32.h"

#include <cstdint>
#include <cstring>
#include <unicode/utf8.h>

namespace lw::textfix {

std::u32string toUtf32(std::string_view utf8)
{
    std::u32string out;
    out.reserve(utf8.size());
    const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
    const size_t n = utf8.size();
    for (size_t i = 0; i < n;) {
        const unsigned char c = p[i];
        const size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + length > n) // cannot happen for valid input; never read past the end
            break;
        char32_t cp = length == 1 ? c : length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; k < length; ++k)
            cp = (cp << 6) | (p[i + k] & 0x3F);
        out.push_back(cp);
        i += length;
    }
    return out;
}

void appendUtf8(std::string& out, char32_t cp)
{
    uint8_t bytes[U8_MAX_LENGTH];
    int32_t length = 0;
    U8_APPEND_UNSAFE(bytes, length, static_cast<UChar32>(cp));
    out.append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(length));
}

std::string toUtf8(std::u32string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 2);
    for (char32_t c : text)
        appendUtf8(out, c);
    return out;
}

bool isAscii(std::string_view bytes)
{
    const char* p = bytes.data();
    size_t n = bytes.size();
    uint64_t highBits = 0;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t word;
        std::memcpy(&word, p, 8);
        highBits |= word;
    }
    for (; n > 0; ++p, --n)
        highBits |= static_cast<unsigned char>(*p);
    return (highBits & 0x8080808080808080ULL) == 0;
}

} // namespace lw::textfix
