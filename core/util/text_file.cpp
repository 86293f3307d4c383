#include "core/util/text_file.h"

#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <cstdint>
#include <cstring>

namespace lw::util {

size_t findInvalidUtf8(std::string_view s)
{
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t n = s.size();
    size_t i = 0;
    while (i < n) {
        // ASCII runs, 8 bytes at a time: most text is mostly ASCII.
        while (i + 8 <= n) {
            uint64_t word;
            std::memcpy(&word, p + i, 8);
            if (word & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        for (size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are invalid UTF-8.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return i;
        i += len;
    }
    return std::string_view::npos;
}

void appendUtf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

namespace {

std::string utf16ToUtf8(std::string_view bytes, bool bigEndian, const std::string& origin)
{
    if (bytes.size() % 2 != 0)
        throw Error::inFile(origin, "UTF-16 text with an odd number of bytes (truncated file?)");
    std::string out;
    out.reserve(bytes.size());
    auto unitAt = [&](size_t i) -> uint32_t {
        auto b0 = static_cast<unsigned char>(bytes[i]);
        auto b1 = static_cast<unsigned char>(bytes[i + 1]);
        return bigEndian ? (b0 << 8 | b1) : (b1 << 8 | b0);
    };
    for (size_t i = 0; i < bytes.size(); i += 2) {
        uint32_t u = unitAt(i);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 >= bytes.size())
                throw Error::inFile(origin, "UTF-16 text ends inside a surrogate pair");
            uint32_t low = unitAt(i + 2);
            if (low < 0xDC00 || low > 0xDFFF)
                throw Error::inFile(origin, "invalid UTF-16 surrogate pair at byte " + std::to_string(i));
            u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
            i += 2;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            throw Error::inFile(origin, "invalid UTF-16 surrogate at byte " + std::to_string(i));
        }
        appendUtf8(out, u);
    }
    return out;
}

} // namespace

std::string decodeTextToUtf8(std::string bytes, const std::string& origin, bool allowEmpty)
{
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xFE)
        return utf16ToUtf8(std::string_view(bytes).substr(2), false, origin);
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFE && static_cast<unsigned char>(bytes[1]) == 0xFF)
        return utf16ToUtf8(std::string_view(bytes).substr(2), true, origin);
    if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0)
        bytes.erase(0, 3);
    if (bytes.empty() && !allowEmpty)
        throw Error::inFile(origin, "the file is empty");
    if (bytes.find('\0') != std::string::npos) {
        auto [line, column] = lineAndColumn(bytes, bytes.find('\0'));
        throw Error::inFile(origin, "column " + std::to_string(column) +
                                        ": contains a NUL byte: binary data or UTF-16 without a byte-order mark",
                            line);
    }
    size_t bad = findInvalidUtf8(bytes);
    if (bad != std::string::npos) {
        auto [line, column] = lineAndColumn(bytes, bad);
        throw Error::inFile(origin, "column " + std::to_string(column) + ": byte offset " + std::to_string(bad) +
                                        " is not valid UTF-8 (convert the file to UTF-8, e.g. with iconv)",
                            line);
    }
    return bytes;
}

std::string withValidUtf8(std::string_view bytes)
{
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(bytes.size());
    while (!bytes.empty()) {
        const size_t bad = findInvalidUtf8(bytes);
        if (bad == std::string_view::npos) {
            out.append(bytes);
            break;
        }
        out.append(bytes.substr(0, bad));
        out.append(kReplacement);
        // Skip the bad lead byte and the continuation bytes that follow it.
        size_t skip = 1;
        while (bad + skip < bytes.size() && (static_cast<unsigned char>(bytes[bad + skip]) & 0xC0) == 0x80)
            ++skip;
        bytes.remove_prefix(bad + skip);
    }
    return out;
}

std::string readTextFileUtf8(const std::string& path, bool allowEmpty)
{
    return decodeTextToUtf8(readFile(path), path, allowEmpty);
}

size_t utf8Length(std::string_view text)
{
    size_t n = 0;
    for (unsigned char c : text)
        n += (c & 0xC0) != 0x80;
    return n;
}

} // namespace lw::util
