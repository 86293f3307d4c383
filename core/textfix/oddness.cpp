#include "core/textfix/oddness.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

namespace lw::textfix {

namespace {

bool isLetter(char32_t c) { return c != 0 && u_isalpha(static_cast<UChar32>(c)); }

// What a UTF-8 continuation byte (0x80..0xBF) shows as in cp1252 or Latin-1.
bool showsAsContinuation(char32_t c)
{
    if (c >= 0x80 && c <= 0xBF)
        return true;
    switch (c) {
    case U'€': case U'‚': case U'ƒ': case U'„': case U'…': case U'†': case U'‡': case U'ˆ': case U'‰':
    case U'Š': case U'‹': case U'Œ': case U'Ž': case U'‘': case U'’': case U'“': case U'”': case U'•':
    case U'–': case U'—': case U'˜': case U'™': case U'š': case U'›': case U'œ': case U'ž': case U'Ÿ':
        return true;
    default:
        return false;
    }
}

// Punctuation that correct text does put right after a letter ("Grüß«", "café”"), and
// the letters cp1252 has among its symbols (French œ, Czech š).
bool mayFollowLetter(char32_t c)
{
    switch (c) {
    case U'Š': case U'š': case U'Œ': case U'œ': case U'Ž': case U'ž': case U'Ÿ':
    case 0xA0: case U'«': case U'»': case U'‹': case U'›': case U'‘': case U'’': case U'‚': case U'“':
    case U'”': case U'„': case U'–': case U'—': case U'…':
        return true;
    default:
        return false;
    }
}

// Signs that Mac Roman, cp437 and cp850 show for the bytes of UTF-8 letters.
bool isCodePageSign(char32_t c)
{
    if (c >= 0x2500 && c <= 0x259F) // box drawing, blocks
        return true;
    switch (c) {
    case U'√': case U'∫': case U'≈': case U'∆': case U'∂': case U'∑': case U'∏': case U'Ω': case U'≤':
    case U'≥': case U'∞': case U'◊': case U'ⁿ': case U'≡': case U'⌐': case U'⌠': case U'⌡': case U'∙':
    case U'∩': case U'ƒ': case U'†': case U'‡': case U'‰': case U'ﬁ': case U'ﬂ': case U'ˆ': case U'˜':
    case U'˘': case U'˙': case U'˚': case U'˝': case U'˛': case U'ˇ': case 0xF8FF: case U'¬':
    case U'¦': case U'¤':
        return true;
    default:
        return false;
    }
}

// Letters of two real scripts side by side ("Gö£", "Ωa"): Common and Inherited
// characters (digits, marks) belong to every script.
bool mixesScripts(char32_t a, char32_t b)
{
    if (!isLetter(a) || !isLetter(b))
        return false;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode sa = uscript_getScript(static_cast<UChar32>(a), &status);
    const UScriptCode sb = uscript_getScript(static_cast<UChar32>(b), &status);
    if (U_FAILURE(status) || sa == sb)
        return false;
    auto universal = [](UScriptCode s) { return s == USCRIPT_COMMON || s == USCRIPT_INHERITED; };
    // Japanese and Korean text mixes these scripts within words.
    auto eastAsian = [](UScriptCode s) {
        return s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_HANGUL ||
               s == USCRIPT_BOPOMOFO;
    };
    return !universal(sa) && !universal(sb) && !(eastAsian(sa) && eastAsian(sb));
}

int charOddness(char32_t before, char32_t c, char32_t after)
{
    if (c < 0x80) {
        return (c < 0x20 && c != U'\t') || c == 0x7F ? 2 : 0;
    }
    if (c <= 0x9F || c == 0xFFFD)
        return 4;
    int score = 0;
    const int type = u_charType(static_cast<UChar32>(c));
    if (type == U_UNASSIGNED || type == U_PRIVATE_USE_CHAR || type == U_SURROGATE)
        score += 3;
    if (c >= 0x250 && c <= 0x2FF) // phonetic letters and modifiers: rare in prose, common in bad repairs
        score += 2;
    if (before >= 0xC2 && before <= 0xF4 && before != 0xD7 && before != 0xF7 && showsAsContinuation(c))
        score += before == U'Â' || before == U'Ã' ? 3 : mayFollowLetter(c) ? 1 : 2;
    // Mojibake signs come glued to a letter and to the next byte's character ("M√¥",
    // "h├¼"); a sign in a table or a formula is not ("│ name", "├──┤", "x ≤ 3").
    if (isCodePageSign(c) && after >= 0x80 && !u_isspace(static_cast<UChar32>(after)) &&
        (isLetter(before) || isLetter(after)))
        score += 2;
    if (u_isupper(static_cast<UChar32>(c)) && u_islower(static_cast<UChar32>(before)))
        score += 1;
    if (mixesScripts(before, c))
        score += 2;
    auto isMark = [](char32_t m) {
        const int t = u_charType(static_cast<UChar32>(m));
        return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK;
    };
    if (isMark(c) && !isLetter(before) && !isMark(before))
        score += 2; // a combining mark with nothing to combine with
    return score;
}

} // namespace

int oddness(std::u32string_view text)
{
    int score = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const char32_t before = i > 0 ? text[i - 1] : 0;
        const char32_t after = i + 1 < text.size() ? text[i + 1] : 0;
        score += charOddness(before, text[i], after);
    }
    return score;
}

} // namespace lw::textfix
