#include "core/dedup/text_normalisation.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>

namespace lw::dedup {
namespace detail {

CharKind foldNonAscii(std::string_view text, size_t& pos, char* out, size_t& written)
{
    // U8_NEXT takes an int32 length: give it at most the 4 bytes one character can use.
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data() + pos);
    const int32_t available = static_cast<int32_t>(std::min<size_t>(4, text.size() - pos));
    int32_t used = 0;
    UChar32 c;
    U8_NEXT(bytes, used, available, c);
    written = 0;
    if (c < 0) {
        std::memcpy(out, bytes, static_cast<size_t>(used));
        written = static_cast<size_t>(used);
        pos += written;
        return CharKind::Word;
    }
    pos += static_cast<size_t>(used);
    if (u_isUWhiteSpace(c))
        return CharKind::Space;
    if (u_ispunct(c))
        return CharKind::Punctuation;
    int32_t length = 0;
    U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(out), length, u_foldCase(c, U_FOLD_CASE_DEFAULT));
    written = static_cast<size_t>(length);
    return CharKind::Word;
}

} // namespace detail

void normaliseForExactMatch(std::string_view text, bool stripPunctuation, std::string& out)
{
    using detail::CharKind;
    out.resize(detail::foldedBound(text.size()));
    char* const o = out.data();
    size_t length = 0;
    bool spacePending = false; // white space seen since the last kept character
    size_t pos = 0;
    // Appends one kept character (after the one space that stands for the white space before it).
    const auto keep = [&](const char* bytes, size_t count) {
        if (spacePending && length > 0)
            o[length++] = ' ';
        spacePending = false;
        for (size_t i = 0; i < count; ++i)
            o[length++] = bytes[i];
    };
    while (pos < text.size()) {
        const auto byte = static_cast<unsigned char>(text[pos]);
        if (byte < 0x80) {
            const detail::AsciiChar& c = detail::kAscii[byte];
            ++pos;
            if (c.kind == CharKind::Space)
                spacePending = true;
            else if (c.kind == CharKind::Word || !stripPunctuation)
                keep(&c.folded, 1);
            continue;
        }
        const size_t start = pos;
        char folded[detail::kMaxFoldedBytes];
        size_t written = 0;
        const CharKind kind = detail::foldNonAscii(text, pos, folded, written);
        if (kind == CharKind::Space)
            spacePending = true;
        else if (kind == CharKind::Word)
            keep(folded, written);
        else if (!stripPunctuation)
            keep(text.data() + start, pos - start); // punctuation has no case: kept as it is
    }
    out.resize(length);
}

std::string normaliseForExactMatch(std::string_view text, bool stripPunctuation)
{
    std::string out;
    normaliseForExactMatch(text, stripPunctuation, out);
    return out;
}

} // namespace lw::dedup
