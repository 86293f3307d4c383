#include "core/jinja/python_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <vector>

namespace lw::jinja {

std::string formatPythonFloat(double value)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value < 0 ? "-inf" : "inf";
    // Shortest digits that read back to the same double, as d.ddde±x.
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    std::string scientific(buffer, result.ptr);
    const bool negative = scientific[0] == '-';
    if (negative)
        scientific.erase(0, 1);
    const size_t e = scientific.find('e');
    std::string digits = scientific.substr(0, e);
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    const int exponent = std::stoi(scientific.substr(e + 1));
    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
        out += digits.substr(0, 1);
        if (digits.size() > 1)
            out += "." + digits.substr(1);
        char exp[16];
        std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        return out + exp;
    }
    if (exponent < 0)
        return out + "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    const size_t integerDigits = static_cast<size_t>(exponent) + 1;
    if (digits.size() <= integerDigits)
        return out + digits + std::string(integerDigits - digits.size(), '0') + ".0";
    return out + digits.substr(0, integerDigits) + "." + digits.substr(integerDigits);
}

namespace {

// Decodes the code point at `i` (advancing it); invalid bytes come back one at a time.
uint32_t nextCodePoint(const std::string& text, size_t& i)
{
    const auto byte = static_cast<unsigned char>(text[i]);
    size_t length = byte < 0x80 ? 1 : (byte >> 5) == 6 ? 2 : (byte >> 4) == 14 ? 3 : (byte >> 3) == 30 ? 4 : 1;
    if (i + length > text.size())
        length = 1;
    uint32_t code = length == 1 ? byte : byte & (0x7F >> length);
    for (size_t k = 1; k < length; ++k)
        code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += length;
    return code;
}

// Python's str.isprintable() for the code points chat text holds; the C1 controls,
// no-break space, soft hyphen and the line and paragraph separators are not.
bool isPrintable(uint32_t c)
{
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0xA0) || c == 0xAD)
        return false;
    return !(c == 0x2028 || c == 0x2029 || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
             (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF || (c >= 0xD800 && c <= 0xDFFF));
}

} // namespace

std::string pythonStringRepr(const std::string& text)
{
    const bool hasSingle = text.find('\'') != std::string::npos;
    const bool hasDouble = text.find('"') != std::string::npos;
    const char quote = hasSingle && !hasDouble ? '"' : '\'';
    std::string out(1, quote);
    for (size_t i = 0; i < text.size();) {
        const size_t start = i;
        const uint32_t c = nextCodePoint(text, i);
        char escape[16];
        if (c == static_cast<uint32_t>(quote) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (!isPrintable(c)) {
            std::snprintf(escape, sizeof escape, c < 0x100 ? "\\x%02x" : c < 0x10000 ? "\\u%04x" : "\\U%08x", c);
            out += escape;
        } else {
            out.append(text, start, i - start);
        }
    }
    return out + quote;
}

namespace {

void dumpString(const std::string& text, bool ensureAscii, std::string& out)
{
    out += '"';
    for (size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        const auto c = static_cast<unsigned char>(ch);
        if (ensureAscii && c >= 0x80) {
            size_t at = i;
            uint32_t code = nextCodePoint(text, at);
            i = at - 1;
            char escape[16];
            if (code >= 0x10000) {
                code -= 0x10000;
                std::snprintf(escape, sizeof escape, "\\u%04x\\u%04x", 0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF));
            } else {
                std::snprintf(escape, sizeof escape, "\\u%04x", code);
            }
            out += escape;
            continue;
        }
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                char escape[8];
                std::snprintf(escape, sizeof escape, "\\u%04x", c);
                out += escape;
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

void dump(const Json& value, const JsonDumpOptions& options, int depth, std::string& out)
{
    const auto newline = [&](int level) {
        out += '\n';
        for (int i = 0; i < level; ++i)
            out += *options.indent;
    };
    switch (value.type()) {
    case Json::value_t::null: out += "null"; return;
    case Json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case Json::value_t::number_integer: out += std::to_string(value.get<int64_t>()); return;
    case Json::value_t::number_unsigned: out += std::to_string(value.get<uint64_t>()); return;
    case Json::value_t::number_float: {
        const double d = value.get<double>();
        out += std::isnan(d) ? "NaN" : std::isinf(d) ? (d < 0 ? "-Infinity" : "Infinity") : formatPythonFloat(d);
        return;
    }
    case Json::value_t::string: dumpString(value.get_ref<const std::string&>(), options.ensureAscii, out); return;
    case Json::value_t::array:
    case Json::value_t::object: {
        const bool isArray = value.is_array();
        if (value.empty()) {
            out += isArray ? "[]" : "{}";
            return;
        }
        out += isArray ? '[' : '{';
        std::vector<std::pair<const std::string*, const Json*>> items;
        if (isArray) {
            for (const auto& element : value)
                items.emplace_back(nullptr, &element);
        } else {
            for (auto it = value.begin(); it != value.end(); ++it)
                items.emplace_back(&it.key(), &it.value());
            if (options.sortKeys)
                std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
        }
        for (size_t i = 0; i < items.size(); ++i) {
            if (i > 0)
                out += options.itemSeparator;
            if (options.indent)
                newline(depth + 1);
            if (items[i].first) {
                dumpString(*items[i].first, options.ensureAscii, out);
                out += options.keySeparator;
            }
            dump(*items[i].second, options, depth + 1, out);
        }
        if (options.indent)
            newline(depth);
        out += isArray ? ']' : '}';
        return;
    }
    default: out += "null"; return;
    }
}

} // namespace

std::string pythonJsonDumps(const Json& value, const JsonDumpOptions& options)
{
    std::string out;
    dump(value, options, 0, out);
    return out;
}

} // namespace lw::jinja
