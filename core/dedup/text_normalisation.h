#pragma once
// How the deduplicators see text. Both fold case with Unicode simple case folding (ICU's
// u_foldCase, one code point to one code point: "É" -> "é", "Σ" and "ς" -> "σ"; NFC is
// applied earlier, by the import step) and treat white space (Unicode White_Space:
// spaces, tabs, line breaks, no-break spaces) as a separator.
//
// Exact matching: runs of white space become one ASCII space, leading and trailing
// white space goes, and, when asked, punctuation (general category P*: . , ; ! ? ' " -
// ( ) and the like; not symbols such as $ + < = >) is removed outright, so "don't" and
// "dont" match. Near matching: words are the maximal runs of characters that are neither
// white space nor punctuation, so punctuation separates words.
//
// Bytes that are not valid UTF-8 are kept as they are (they never fold or separate),
// so no input is refused and distinct inputs are not merged by a replacement character.
#include <array>
#include <string>
#include <string_view>

namespace lw::dedup {

// Writes the exact-match form of `text` into `out` (replacing its contents; the buffer is
// reused, so a caller that keeps `out` allocates nothing once it has grown).
void normaliseForExactMatch(std::string_view text, bool stripPunctuation, std::string& out);
std::string normaliseForExactMatch(std::string_view text, bool stripPunctuation = false);

// Splits `text` into case-folded words; calls `sink(std::string_view word)` for each, in
// order. The view points into `scratch` (which the sink must leave alone) and lasts until
// the next call of `sink`.
template <class Sink> void forEachWord(std::string_view text, std::string& scratch, Sink&& sink);

namespace detail {

enum class CharKind : unsigned char { Word, Space, Punctuation };

// One ASCII byte: its kind and its folded byte.
struct AsciiChar {
    CharKind kind;
    char folded;
};

constexpr CharKind asciiKind(int c)
{
    // White_Space in ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
    if (c == ' ' || (c >= 0x09 && c <= 0x0D))
        return CharKind::Space;
    // General category P* in ASCII; $ + < = > ^ ` | ~ are symbols (S*) and stay.
    for (char p : std::string_view("!\"#%&'()*,-./:;?@[\\]_{}"))
        if (c == p)
            return CharKind::Punctuation;
    return CharKind::Word;
}

constexpr std::array<AsciiChar, 128> makeAsciiTable()
{
    std::array<AsciiChar, 128> table{};
    for (int c = 0; c < 128; ++c)
        table[c] = {asciiKind(c), static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)};
    return table;
}

inline constexpr std::array<AsciiChar, 128> kAscii = makeAsciiTable();

// Room for one character's folded UTF-8 (or its raw bytes when invalid).
constexpr size_t kMaxFoldedBytes = 4;
// Output buffers sized by this bound never overflow: a character of k >= 2 bytes folds
// to at most 4 <= 2k bytes, an ASCII one to 1 byte.
inline size_t foldedBound(size_t inputBytes) { return 2 * inputBytes + kMaxFoldedBytes; }

// Decodes the character at text[pos] (pos < text.size(), text[pos] >= 0x80), moves `pos`
// past it and returns its kind. For a word character it writes the folded UTF-8 form (or
// the raw bytes when they are not valid UTF-8) to `out` and their count to `written`.
CharKind foldNonAscii(std::string_view text, size_t& pos, char* out, size_t& written);

} // namespace detail

template <class Sink> void forEachWord(std::string_view text, std::string& scratch, Sink&& sink)
{
    // Written through a pointer into a buffer sized once per text: no check per byte.
    scratch.resize(detail::foldedBound(text.size()));
    char* const word = scratch.data();
    size_t length = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        const auto byte = static_cast<unsigned char>(text[pos]);
        detail::CharKind kind;
        if (byte < 0x80) {
            const detail::AsciiChar& c = detail::kAscii[byte];
            kind = c.kind;
            word[length] = c.folded;
            length += kind == detail::CharKind::Word;
            ++pos;
        } else {
            size_t written = 0;
            kind = detail::foldNonAscii(text, pos, word + length, written);
            length += written;
        }
        if (kind != detail::CharKind::Word && length > 0) {
            sink(std::string_view(word, length));
            length = 0;
        }
    }
    if (length > 0)
        sink(std::string_view(word, length));
}

} // namespace lw::dedup
