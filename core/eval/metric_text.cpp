#include "core/eval/metric_text.h"

#include "core/util/error.h"

#include <fmt/format.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

namespace lw::eval {

namespace {

// Decodes the code point starting at `i` of valid UTF-8 and advances `i` past it.
char32_t nextCodePoint(std::string_view s, size_t& i)
{
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (i + length > s.size())
        throw Error("truncated UTF-8 sequence at byte " + std::to_string(i));
    char32_t cp = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
    for (size_t k = 1; k < length; ++k)
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    i += length;
    return cp;
}

} // namespace

bool isPythonWhitespace(char32_t cp)
{
    // str.isspace(): bidirectional class WS, B or S, or general category Zs.
    switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D:
    case 0x1C: case 0x1D: case 0x1E: case 0x1F: case 0x20:
    case 0x85: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

std::vector<std::string> splitPythonWhitespace(std::string_view utf8)
{
    std::vector<std::string> words;
    size_t i = 0, wordStart = std::string_view::npos;
    while (i < utf8.size()) {
        const size_t at = i;
        const bool space = isPythonWhitespace(nextCodePoint(utf8, i));
        if (space && wordStart != std::string_view::npos) {
            words.emplace_back(utf8.substr(wordStart, at - wordStart));
            wordStart = std::string_view::npos;
        } else if (!space && wordStart == std::string_view::npos) {
            wordStart = at;
        }
    }
    if (wordStart != std::string_view::npos)
        words.emplace_back(utf8.substr(wordStart));
    return words;
}

std::string_view rstripPythonWhitespace(std::string_view utf8)
{
    size_t end = 0, i = 0;
    while (i < utf8.size())
        if (!isPythonWhitespace(nextCodePoint(utf8, i)))
            end = i;
    return utf8.substr(0, end);
}

std::string lowercaseUnicode(std::string_view utf8)
{
    bool ascii = true;
    for (char c : utf8)
        ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    std::string out(utf8);
    if (ascii) {
        for (char& c : out)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        return out;
    }
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    text.toLower(icu::Locale::getRoot());
    out.clear();
    text.toUTF8String(out);
    return out;
}

void checkReferenceStreams(const std::vector<std::string>& hypotheses,
                           const std::vector<std::vector<std::string>>& references)
{
    if (references.empty())
        throw Error::inField("references", "at least one reference stream is needed");
    for (size_t k = 0; k < references.size(); ++k)
        if (references[k].size() != hypotheses.size())
            throw Error::inField("references[" + std::to_string(k) + "]",
                                 fmt::format("{} segments for {} hypotheses", references[k].size(), hypotheses.size()));
}

std::u32string decodeUtf8(std::string_view utf8)
{
    std::u32string out;
    out.reserve(utf8.size());
    size_t i = 0;
    while (i < utf8.size())
        out.push_back(nextCodePoint(utf8, i));
    return out;
}

} // namespace lw::eval
