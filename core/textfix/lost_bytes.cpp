#include "core/textfix/lost_bytes.h"

#include <algorithm>
#include <unicode/uchar.h>

namespace lw::textfix {

namespace {

constexpr uint8_t kCp1252Undefined[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};

bool isContinuation(int16_t b) { return b >= 0x80 && b <= 0xBF; }

// The code point of a complete sequence, or -1 for overlong forms, surrogates and
// values past U+10FFFF.
int32_t sequenceValue(const uint8_t* bytes, size_t length)
{
    int32_t cp = length == 2 ? (bytes[0] & 0x1F) : length == 3 ? (bytes[0] & 0x0F) : (bytes[0] & 0x07);
    for (size_t k = 1; k < length; ++k)
        cp = (cp << 6) | (bytes[k] & 0x3F);
    if ((length == 2 && cp < 0x80) || (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return -1;
    return cp;
}

// Lowercase letters (beyond ASCII) of the languages whose text the repair meets most;
// a filled hole must belong to one language with all the line's other letters.
const std::u32string kLanguageLetters[] = {
    U"àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ", // Vietnamese
    U"àâæçéèêëîïôœùûüÿ",                                                     // French
    U"äöüß",                                                                 // German
    U"áàâãçéêíóôõúüñ",                                                       // Portuguese, Spanish
};

bool fitsLanguage(char32_t candidate, const std::u32string& otherLetters)
{
    const auto lower = static_cast<char32_t>(u_tolower(static_cast<UChar32>(candidate)));
    return std::any_of(std::begin(kLanguageLetters), std::end(kLanguageLetters), [&](const std::u32string& letters) {
        auto in = [&](char32_t c) { return letters.find(c) != std::u32string::npos; };
        return in(lower) && std::all_of(otherLetters.begin(), otherLetters.end(), in);
    });
}

bool fitsCase(char32_t candidate, char32_t before, char32_t after)
{
    const bool upper = u_isupper(static_cast<UChar32>(candidate));
    if (upper && u_islower(static_cast<UChar32>(before)))
        return false; // "hÁc": a capital inside a lowercase word
    if (!upper && u_isupper(static_cast<UChar32>(before)) && u_isupper(static_cast<UChar32>(after)))
        return false; // "HOáC": a small letter inside a capitalised word
    return true;
}

} // namespace

std::optional<HoledText> decodeUtf8WithHoles(const std::vector<int16_t>& bytes, bool allowHoles)
{
    HoledText out;
    out.text.reserve(bytes.size());
    size_t completeSequences = 0;
    const size_t n = bytes.size();
    size_t i = 0;
    while (i < n) {
        const int16_t lead = bytes[i];
        if (lead >= 0 && lead < 0x80) {
            out.text.push_back(char32_t(lead));
            ++i;
            continue;
        }
        const size_t length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                              : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        if (length == 0)
            return std::nullopt; // a lost byte or a continuation byte where a character starts
        uint8_t sequence[4] = {static_cast<uint8_t>(lead)};
        size_t holeAt = 0; // position in the sequence; 0 = none
        size_t next = i + 1;
        for (size_t k = 1; k < length; ++k) {
            const int16_t b = next < n ? bytes[next] : int16_t(-2);
            if (isContinuation(b)) {
                sequence[k] = static_cast<uint8_t>(b);
                ++next;
                continue;
            }
            if (!allowHoles || holeAt != 0)
                return std::nullopt; // bounded repair: one missing byte per character
            holeAt = k;
            if (b == kLostByte || b == '?')
                ++next; // replaced; a dropped byte consumes nothing
        }
        if (holeAt == 0) {
            const int32_t cp = sequenceValue(sequence, length);
            if (cp < 0)
                return std::nullopt;
            out.text.push_back(char32_t(cp));
            ++completeSequences;
        } else {
            Hole hole;
            hole.index = out.text.size();
            for (uint8_t candidate : kCp1252Undefined) {
                sequence[holeAt] = candidate;
                const int32_t cp = sequenceValue(sequence, length);
                if (cp >= 0)
                    hole.candidates.push_back(char32_t(cp));
            }
            if (hole.candidates.empty())
                return std::nullopt;
            out.text.push_back(hole.candidates.front());
            out.holes.push_back(std::move(hole));
        }
        i = next;
    }
    if (!out.holes.empty() && completeSequences == 0)
        return std::nullopt;
    return out;
}

void resolveHoles(HoledText& decoded)
{
    if (decoded.holes.empty())
        return;
    std::u32string& text = decoded.text;
    // The line's other letters beyond ASCII, holes left out.
    std::u32string otherLetters;
    size_t nextHole = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (nextHole < decoded.holes.size() && decoded.holes[nextHole].index == i) {
            ++nextHole;
            continue;
        }
        if (text[i] >= 0x80 && u_isalpha(static_cast<UChar32>(text[i])))
            otherLetters.push_back(static_cast<char32_t>(u_tolower(static_cast<UChar32>(text[i]))));
    }
    std::vector<Hole> unresolved;
    for (Hole& hole : decoded.holes) {
        const char32_t before = hole.index > 0 ? text[hole.index - 1] : U' ';
        const char32_t after = hole.index + 1 < text.size() ? text[hole.index + 1] : U' ';
        std::vector<char32_t> fitting;
        for (char32_t c : hole.candidates) {
            if (u_isalpha(static_cast<UChar32>(c)) && fitsCase(c, before, after) && fitsLanguage(c, otherLetters))
                fitting.push_back(c);
        }
        if (fitting.size() == 1) {
            text[hole.index] = fitting.front();
            ++decoded.filledHoles;
        } else {
            unresolved.push_back(std::move(hole));
        }
    }
    decoded.holes = std::move(unresolved);
}

} // namespace lw::textfix
