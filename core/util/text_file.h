#pragma once
// Reading user text files: UTF-8 (a BOM is dropped) and UTF-16 with a BOM (converted to
// UTF-8). Anything else that is not valid UTF-8 is refused with the file, line and byte
// offset of the first bad sequence, never silently mangled.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lw::util {

// Returns the byte offset of the first invalid UTF-8 sequence, or npos when valid.
size_t findInvalidUtf8(std::string_view bytes);

// Appends code point `cp` (at most U+10FFFF, not a surrogate) as UTF-8.
void appendUtf8(std::string& out, char32_t cp);

// Bytes from a file, as UTF-8; lw::Error naming the file when it is empty (allowEmpty
// false), binary, or in an encoding other than UTF-8/UTF-16.
std::string readTextFileUtf8(const std::string& path, bool allowEmpty = false);

// Converts raw bytes (as read from `origin`) to UTF-8, same rules as readTextFileUtf8.
std::string decodeTextToUtf8(std::string bytes, const std::string& origin, bool allowEmpty = false);

// The text with every invalid UTF-8 sequence (a byte that starts no valid character,
// with the continuation bytes after it) replaced by one U+FFFD: for text a model made
// up byte by byte.
std::string withValidUtf8(std::string_view bytes);

// Number of code points in UTF-8 text (valid input assumed).
size_t utf8Length(std::string_view text);

} // namespace lw::util
