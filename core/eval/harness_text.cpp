#include "core/eval/harness_text.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace lw::eval {

namespace {

bool isPythonSpace(UChar32 c)
{
    // Python's str.isspace(): bidirectional class WS, B or S, or category Zs.
    if (c < 0)
        return false;
    const auto bidi = u_charDirection(c);
    return u_charType(c) == U_SPACE_SEPARATOR || bidi == U_WHITE_SPACE_NEUTRAL || bidi == U_BLOCK_SEPARATOR ||
           bidi == U_SEGMENT_SEPARATOR;
}

void appendUtf8(std::string& out, UChar32 c)
{
    char buffer[U8_MAX_LENGTH];
    int32_t length = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buffer), length, U8_MAX_LENGTH, c, error);
    if (!error)
        out.append(buffer, size_t(length));
}

std::string replaceAll(std::string_view text, std::string_view from, std::string_view to)
{
    std::string out;
    size_t start = 0;
    for (size_t at = text.find(from); at != std::string_view::npos; at = text.find(from, start)) {
        out.append(text.substr(start, at - start));
        out.append(to);
        start = at + from.size();
    }
    out.append(text.substr(start));
    return out;
}

// re.sub(r"\[.*?\]", "", text): "." does not match a newline, so a bracket closed only
// after a line break stays.
std::string removeBracketed(std::string_view text)
{
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '[') {
            size_t j = i + 1;
            while (j < text.size() && text[j] != ']' && text[j] != '\n')
                ++j;
            if (j < text.size() && text[j] == ']') {
                i = j + 1;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

} // namespace

namespace {

// Byte offsets of the first code point that is not whitespace and of the end of the
// last one; {0, 0} when there is none.
std::pair<size_t, size_t> nonSpaceSpan(std::string_view text)
{
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t length = int32_t(text.size());
    std::pair<size_t, size_t> span{0, 0};
    bool found = false;
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (isPythonSpace(c))
            continue;
        if (!found)
            span.first = size_t(start);
        found = true;
        span.second = size_t(i);
    }
    return span;
}

} // namespace

std::string rstripLikePython(std::string_view text)
{
    return std::string(text.substr(0, nonSpaceSpan(text).second));
}

std::string stripLikePython(std::string_view text)
{
    const auto [begin, end] = nonSpaceSpan(text);
    return std::string(text.substr(begin, end - begin));
}

std::string capitalizeLikePython(std::string_view text)
{
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t length = int32_t(text.size());
    std::string out;
    out.reserve(text.size());
    int32_t i = 0;
    bool first = true;
    while (i < length) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) {
            out.append(text.substr(size_t(start), size_t(i - start))); // invalid bytes pass through
        } else {
            appendUtf8(out, first ? u_totitle(c) : u_tolower(c));
        }
        first = false;
    }
    return out;
}

std::string hellaswagPreprocess(std::string_view text)
{
    std::string out = stripLikePython(text);
    out = replaceAll(out, " [title]", ". ");
    out = removeBracketed(out);
    return replaceAll(out, "  ", " ");
}

} // namespace lw::eval
