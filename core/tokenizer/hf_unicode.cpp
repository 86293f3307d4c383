#include "core/tokenizer/hf_unicode.h"

#include <unicode/uchar.h>

namespace lw::tokenizer {

std::pair<char32_t, size_t> decodeCharacter(std::string_view text, size_t pos)
{
    auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    if (lead < 0x80)
        return {lead, 1};
    size_t length = 0;
    char32_t c = 0;
    char32_t minimum = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, c = lead & 0x1F, minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3, c = lead & 0x0F, minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, c = lead & 0x07, minimum = 0x10000;
    } else {
        return {0, 0};
    }
    if (pos + length > text.size())
        return {0, 0};
    for (size_t i = 1; i < length; ++i) {
        unsigned char b = byte(pos + i);
        if ((b & 0xC0) != 0x80)
            return {0, 0};
        c = (c << 6) | (b & 0x3F);
    }
    if (c < minimum || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return {0, 0};
    return {c, length};
}

size_t previousCharacterStart(std::string_view text, size_t end)
{
    for (size_t back = 1; back <= 4 && back <= end; ++back) {
        auto [c, length] = decodeCharacter(text, end - back);
        (void)c;
        if (length == back)
            return end - back;
    }
    return end - 1;
}

bool isAscii(std::string_view text)
{
    for (unsigned char c : text)
        if (c >= 0x80)
            return false;
    return true;
}

bool isWhiteSpace(char32_t c)
{
    if (c < 0x80)
        return c == ' ' || (c >= '\t' && c <= '\r');
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_WHITE_SPACE);
}

bool isNumeric(char32_t c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9';
    int8_t type = u_charType(static_cast<UChar32>(c));
    return type == U_DECIMAL_DIGIT_NUMBER || type == U_LETTER_NUMBER || type == U_OTHER_NUMBER;
}

bool isAlphanumeric(char32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_ALPHABETIC) || isNumeric(c);
}

bool isWordCharacter(char32_t c)
{
    if (c < 0x80)
        return c == '_' || isAlphanumeric(c);
    const auto cp = static_cast<UChar32>(c);
    int8_t type = u_charType(cp);
    return u_hasBinaryProperty(cp, UCHAR_ALPHABETIC) || type == U_DECIMAL_DIGIT_NUMBER || type == U_NON_SPACING_MARK ||
           type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK || type == U_CONNECTOR_PUNCTUATION ||
           u_hasBinaryProperty(cp, UCHAR_JOIN_CONTROL);
}

} // namespace lw::tokenizer
