#include "core/dedup/text_normalisation.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace lw::dedup {
namespace detail {

CharKind foldNonAscii(std::string_view text, size_t& pos, std::string& out)
{
    // U8_NEXT takes an int32 length: give it at most the 4 bytes one character can use.
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data() + pos);
    const int32_t available = static_cast<int32_t>(std::min<size_t>(4, text.size() - pos));
    int32_t used = 0;
    UChar32 c;
    U8_NEXT(bytes, used, available, c);
    if (c < 0) {
        out.append(text.data() + pos, static_cast<size_t>(used));
        pos += static_cast<size_t>(used);
        return CharKind::Word;
    }
    pos += static_cast<size_t>(used);
    if (u_isUWhiteSpace(c))
        return CharKind::Space;
    if (u_ispunct(c))
        return CharKind::Punctuation;
    const UChar32 folded = u_foldCase(c, U_FOLD_CASE_DEFAULT);
    uint8_t encoded[U8_MAX_LENGTH];
    int32_t length = 0;
    U8_APPEND_UNSAFE(encoded, length, folded);
    out.append(reinterpret_cast<const char*>(encoded), static_cast<size_t>(length));
    return CharKind::Word;
}

} // namespace detail

void normaliseForExactMatch(std::string_view text, bool stripPunctuation, std::string& out)
{
    using detail::CharKind;
    out.clear();
    bool spacePending = false; // white space seen since the last kept character
    size_t pos = 0;
    while (pos < text.size()) {
        const auto byte = static_cast<unsigned char>(text[pos]);
        const size_t before = out.size();
        CharKind kind;
        char asciiFolded = 0;
        if (byte < 0x80) {
            kind = detail::kAscii[byte].kind;
            asciiFolded = detail::kAscii[byte].folded;
            ++pos;
        } else {
            // Appends the folded character (nothing for white space and punctuation);
            // a punctuation mark that stays is appended again below.
            const size_t start = pos;
            kind = detail::foldNonAscii(text, pos, out);
            if (kind == CharKind::Punctuation && !stripPunctuation) {
                out.append(text.data() + start, pos - start);
                kind = CharKind::Word;
            }
        }
        if (kind == CharKind::Space) {
            spacePending = true;
            continue;
        }
        if (kind == CharKind::Punctuation && stripPunctuation)
            continue;
        if (spacePending && before > 0)
            out.insert(before, 1, ' ');
        spacePending = false;
        if (byte < 0x80)
            out.push_back(asciiFolded);
    }
}

std::string normaliseForExactMatch(std::string_view text, bool stripPunctuation)
{
    std::string out;
    normaliseForExactMatch(text, stripPunctuation, out);
    return out;
}

} // namespace lw::dedup
