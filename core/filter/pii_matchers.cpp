#include "core/filter/pii_matchers.h"

#include <cstring>

namespace lw::filter {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAsciiAlpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool isHex(char c) { return isDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
// Letters, digits, '_' and every non-ASCII byte: the characters a match must not touch.
bool isWordByte(char c) { return isDigit(c) || isAsciiAlpha(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
bool isLocalPartByte(char c) { return isDigit(c) || isAsciiAlpha(c) || (c && std::strchr("._%+-", c)); }
bool isLabelByte(char c) { return isDigit(c) || isAsciiAlpha(c) || c == '-'; }

char at(std::string_view text, size_t i) { return i < text.size() ? text[i] : '\0'; }

// True when text[end] begins something that would make the match part of a larger
// token: a word byte, or one of `joiners` followed by a digit ("1.2.3.4.5", "12,000").
bool continuesPastEnd(std::string_view text, size_t end, const char* joiners)
{
    const char next = at(text, end);
    if (next == '\0')
        return false;
    if (isWordByte(next))
        return true;
    return std::strchr(joiners, next) && isDigit(at(text, end + 1));
}

// A dotted-quad IPv4 address in text[pos, pos + length), or 0.
size_t ipv4Length(std::string_view text, size_t pos)
{
    size_t i = pos;
    for (int octet = 0; octet < 4; ++octet) {
        if (octet > 0) {
            if (at(text, i) != '.')
                return 0;
            ++i;
        }
        const size_t start = i;
        int value = 0;
        while (isDigit(at(text, i)) && i - start < 3)
            value = value * 10 + (text[i++] - '0');
        const size_t digits = i - start;
        if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0') || isDigit(at(text, i)))
            return 0;
    }
    return i - pos;
}

bool isIpv6(std::string_view candidate)
{
    int groups = 0;
    int colons = 0;
    bool compressed = false;
    bool hasDecimalDigit = false;
    size_t i = 0;
    if (candidate.size() >= 2 && candidate[0] == ':' && candidate[1] == ':') {
        compressed = true;
        colons = 2;
        i = 2;
    } else if (!candidate.empty() && candidate[0] == ':') {
        return false;
    }
    while (i < candidate.size()) {
        const size_t start = i;
        while (i < candidate.size() && isHex(candidate[i]))
            ++i;
        if (i < candidate.size() && candidate[i] == '.') {
            // The dotted IPv4 tail, counted as two groups; it must end the address.
            const size_t length = ipv4Length(candidate, start);
            if (length == 0 || start + length != candidate.size())
                return false;
            groups += 2;
            hasDecimalDigit = true;
            break;
        }
        const size_t digits = i - start;
        if (digits == 0 || digits > 4)
            return false;
        for (size_t k = start; k < i; ++k)
            hasDecimalDigit = hasDecimalDigit || isDigit(candidate[k]);
        ++groups;
        if (i == candidate.size())
            break;
        ++i, ++colons; // candidate[i] is ':'
        if (i < candidate.size() && candidate[i] == ':') {
            if (compressed)
                return false;
            compressed = true;
            ++i, ++colons;
        } else if (i == candidate.size()) {
            return false; // a single trailing colon
        }
    }
    if (groups == 0 || colons < 2 || !hasDecimalDigit)
        return false;
    return compressed ? groups <= 7 : groups == 8;
}

} // namespace

size_t matchEmail(std::string_view text, size_t pos)
{
    if (pos > 0 && (isLocalPartByte(text[pos - 1]) || static_cast<unsigned char>(text[pos - 1]) >= 0x80))
        return 0;
    size_t i = pos;
    while (isLocalPartByte(at(text, i)))
        ++i;
    const size_t localLength = i - pos;
    if (localLength == 0 || localLength > 64 || at(text, i) != '@')
        return 0;
    const std::string_view local = text.substr(pos, localLength);
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
        return 0;
    ++i; // '@'
    size_t end = 0;
    int labels = 0;
    bool lastLabelIsLetters = false;
    for (;;) {
        const size_t start = i;
        bool letters = true;
        while (isLabelByte(at(text, i)) && i - start <= 63) {
            letters = letters && isAsciiAlpha(text[i]);
            ++i;
        }
        const size_t length = i - start;
        if (length == 0 || length > 63 || text[start] == '-' || text[i - 1] == '-')
            break;
        ++labels;
        end = i;
        lastLabelIsLetters = letters && length >= 2;
        // A '.' continues the domain only when a label follows ("mail me at a@b.com." ends it).
        if (at(text, i) != '.' || !isLabelByte(at(text, i + 1)))
            break;
        ++i;
    }
    if (labels < 2 || !lastLabelIsLetters || isWordByte(at(text, end)) || at(text, end) == '@')
        return 0;
    return end - pos;
}

size_t matchIpv4(std::string_view text, size_t pos)
{
    if (pos > 0 && (isWordByte(text[pos - 1]) || std::strchr(".:", text[pos - 1])))
        return 0;
    const size_t length = ipv4Length(text, pos);
    // ":8080" after an address is its port, not more of the number.
    if (length == 0 || continuesPastEnd(text, pos + length, "."))
        return 0;
    return length;
}

size_t matchIpv6(std::string_view text, size_t pos)
{
    if (pos > 0 && (isWordByte(text[pos - 1]) || std::strchr(".:", text[pos - 1])))
        return 0;
    size_t end = pos;
    while (isHex(at(text, end)) || at(text, end) == ':' || at(text, end) == '.')
        ++end;
    if (isWordByte(at(text, end)))
        return 0;
    // Sentence punctuation may follow an address ("reach fe80::1.", "host 2001:db8::1:").
    while (end > pos) {
        if (isIpv6(text.substr(pos, end - pos)))
            return end - pos;
        const char last = text[end - 1];
        if (last != '.' && last != ':')
            return 0;
        --end;
    }
    return 0;
}

size_t matchPhone(std::string_view text, size_t pos)
{
    if (pos > 0 && (isWordByte(text[pos - 1]) || std::strchr("+-.,/$#@", text[pos - 1])))
        return 0;
    const char first = at(text, pos);
    const bool international = first == '+';
    const bool areaInParentheses = first == '(';
    size_t i = pos + (international || areaInParentheses ? 1 : 0);
    if (!isDigit(at(text, i)))
        return 0;

    int groupLengths[8];
    int groups = 0;
    int digits = 0;
    char separator = 0; // national forms use one kind throughout
    bool insideParentheses = areaInParentheses;
    size_t end = pos;
    for (;;) {
        const size_t start = i;
        while (isDigit(at(text, i)))
            ++i;
        const int length = static_cast<int>(i - start);
        if (groups == 8 || digits + length > 15)
            return 0; // a longer digit run than any phone number
        groupLengths[groups++] = length;
        digits += length;
        end = i;
        if (insideParentheses) {
            if (at(text, i) != ')' || length > 4 || (areaInParentheses && (groups != 1 || length < 2)))
                return 0;
            insideParentheses = false;
            end = ++i;
            if (isDigit(at(text, i)))
                continue; // "(555)123-4567"
        }
        // One separator, or an opening parenthesis in international numbers ("+44 (0)20").
        char next = at(text, i);
        size_t skip = 0;
        if (next == ' ' || next == '-' || next == '.')
            skip = 1;
        if (international && at(text, i + skip) == '(' && isDigit(at(text, i + skip + 1))) {
            insideParentheses = true;
            ++skip;
        } else if (skip == 0 || !isDigit(at(text, i + skip))) {
            break;
        } else if (!international && !areaInParentheses) {
            if (separator == 0)
                separator = next;
            else if (next != separator)
                break;
        }
        i += skip;
    }
    if (insideParentheses || continuesPastEnd(text, end, ".,:/-"))
        return 0;

    bool phone = false;
    if (international) {
        phone = digits >= 8;
    } else if (areaInParentheses) {
        phone = digits >= 9 && digits <= 11;
    } else if (groups == 3 && groupLengths[0] == 3 && groupLengths[1] == 3 && groupLengths[2] == 4) {
        phone = true;
    } else if (text[pos] == '0' && digits >= 9 && digits <= 11 && groups <= 4) {
        phone = true;
        for (int g = 0; g < groups; ++g)
            phone = phone && groupLengths[g] >= 2;
    }
    return phone ? end - pos : 0;
}

} // namespace lw::filter
