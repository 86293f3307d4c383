#include "core/jinja/unicode_text.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

namespace lw::jinja {

std::vector<std::string> splitCodePoints(const std::string& text)
{
    std::vector<std::string> points;
    for (size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        size_t length = byte < 0x80 ? 1 : (byte >> 5) == 6 ? 2 : (byte >> 4) == 14 ? 3 : (byte >> 3) == 30 ? 4 : 1;
        length = std::min(length, text.size() - i);
        points.push_back(text.substr(i, length));
        i += length;
    }
    return points;
}

size_t codePointCount(const std::string& text)
{
    size_t count = 0;
    for (char c : text)
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

namespace {

UChar32 codePointOf(const std::string& utf8)
{
    const icu::UnicodeString s = icu::UnicodeString::fromUTF8(utf8);
    return s.length() ? s.char32At(0) : 0;
}

std::string toUtf8(const icu::UnicodeString& s)
{
    std::string out;
    s.toUTF8String(out);
    return out;
}

bool isCased(UChar32 c)
{
    const int8_t type = u_charType(c);
    return type == U_UPPERCASE_LETTER || type == U_LOWERCASE_LETTER || type == U_TITLECASE_LETTER;
}

std::string titleOf(const std::string& point)
{
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(point);
    // Title case of one code point: ICU's full mapping, one character at a time.
    s.toTitle(nullptr, icu::Locale::getRoot(), U_TITLECASE_NO_LOWERCASE | U_TITLECASE_NO_BREAK_ADJUSTMENT);
    return toUtf8(s);
}

} // namespace

bool isPythonSpace(const std::string& codePoint)
{
    if (codePoint.size() == 1) {
        const char c = codePoint[0];
        return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
    }
    const UChar32 c = codePointOf(codePoint);
    // Python: bidirectional class WS, B or S, or category Zs.
    const auto direction = u_charDirection(c);
    return u_charType(c) == U_SPACE_SEPARATOR || direction == U_WHITE_SPACE_NEUTRAL ||
           direction == U_BLOCK_SEPARATOR || direction == U_SEGMENT_SEPARATOR;
}

std::string pythonStrip(const std::string& text, const std::string* chars, bool left, bool right)
{
    const std::vector<std::string> points = splitCodePoints(text);
    std::vector<std::string> strip;
    if (chars)
        strip = splitCodePoints(*chars);
    const auto removable = [&](const std::string& p) {
        return chars ? std::find(strip.begin(), strip.end(), p) != strip.end() : isPythonSpace(p);
    };
    size_t begin = 0, end = points.size();
    while (left && begin < end && removable(points[begin]))
        ++begin;
    while (right && end > begin && removable(points[end - 1]))
        --end;
    std::string out;
    for (size_t i = begin; i < end; ++i)
        out += points[i];
    return out;
}

std::string pythonUpper(const std::string& text)
{
    return toUtf8(icu::UnicodeString::fromUTF8(text).toUpper(icu::Locale::getRoot()));
}

std::string pythonLower(const std::string& text)
{
    return toUtf8(icu::UnicodeString::fromUTF8(text).toLower(icu::Locale::getRoot()));
}

std::string pythonTitle(const std::string& text)
{
    std::string out;
    bool previousCased = false;
    for (const std::string& point : splitCodePoints(text)) {
        const UChar32 c = codePointOf(point);
        const bool cased = isCased(c);
        out += !cased ? point : previousCased ? pythonLower(point) : titleOf(point);
        previousCased = cased;
    }
    return out;
}

std::string pythonCapitalize(const std::string& text)
{
    const std::vector<std::string> points = splitCodePoints(text);
    if (points.empty())
        return text;
    return titleOf(points[0]) + pythonLower(text.substr(points[0].size()));
}

std::vector<std::string> pythonSplit(const std::string& text, const std::string* separator, int64_t maxSplit)
{
    std::vector<std::string> parts;
    if (separator) {
        size_t start = 0;
        for (;;) {
            const size_t at = (maxSplit < 0 || static_cast<int64_t>(parts.size()) < maxSplit)
                                  ? text.find(*separator, start) : std::string::npos;
            if (at == std::string::npos)
                break;
            parts.push_back(text.substr(start, at - start));
            start = at + separator->size();
        }
        parts.push_back(text.substr(start));
        return parts;
    }
    const std::vector<std::string> points = splitCodePoints(text);
    size_t i = 0;
    while (i < points.size()) {
        while (i < points.size() && isPythonSpace(points[i]))
            ++i;
        if (i == points.size())
            break;
        std::string word;
        if (maxSplit >= 0 && static_cast<int64_t>(parts.size()) == maxSplit) {
            // The rest, as it is.
            for (; i < points.size(); ++i)
                word += points[i];
            parts.push_back(word);
            break;
        }
        while (i < points.size() && !isPythonSpace(points[i]))
            word += points[i++];
        parts.push_back(word);
    }
    return parts;
}

std::string pythonReplace(const std::string& text, const std::string& from, const std::string& to, int64_t count)
{
    std::string out;
    if (from.empty()) {
        // Python puts `to` before every code point and at the end.
        const std::vector<std::string> points = splitCodePoints(text);
        int64_t done = 0;
        for (const std::string& p : points) {
            if (count < 0 || done < count) {
                out += to;
                ++done;
            }
            out += p;
        }
        if (count < 0 || done < count)
            out += to;
        return out;
    }
    size_t start = 0;
    int64_t done = 0;
    for (;;) {
        const size_t at = (count < 0 || done < count) ? text.find(from, start) : std::string::npos;
        if (at == std::string::npos)
            break;
        out.append(text, start, at - start);
        out += to;
        start = at + from.size();
        ++done;
    }
    out.append(text, start, std::string::npos);
    return out;
}

std::vector<std::string> pythonSplitLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::string line;
    const std::vector<std::string> points = splitCodePoints(text);
    for (size_t i = 0; i < points.size(); ++i) {
        const std::string& p = points[i];
        const bool lineEnd = p == "\n" || p == "\r" || p == "\v" || p == "\f" || p == "\x1c" || p == "\x1d" ||
                             p == "\x1e" || p == "\xC2\x85" || p == "\xE2\x80\xA8" || p == "\xE2\x80\xA9";
        if (!lineEnd) {
            line += p;
            continue;
        }
        if (p == "\r" && i + 1 < points.size() && points[i + 1] == "\n")
            ++i;
        lines.push_back(line);
        line.clear();
    }
    if (!line.empty())
        lines.push_back(line);
    return lines;
}

} // namespace lw::jinja
