#pragma once
// Small UTF-8 and Unicode-property helpers for the tokenizer.json steps, with Rust's
// definitions (char::is_whitespace, is_numeric, is_alphanumeric), since `tokenizers`
// uses those. Invalid bytes are reported as such, never replaced.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace lw::tokenizer {

// The code point at `pos` and its length in bytes; length 0 when the bytes there are
// not a valid UTF-8 sequence.
std::pair<char32_t, size_t> decodeCharacter(std::string_view text, size_t pos);
// Start of the character that ends at `end` (one byte back when that is not valid UTF-8).
size_t previousCharacterStart(std::string_view text, size_t end);

bool isAscii(std::string_view text);
bool isWhiteSpace(char32_t c);   // Unicode White_Space
bool isNumeric(char32_t c);      // general categories Nd, Nl, No
bool isAlphanumeric(char32_t c); // Alphabetic or numeric
bool isWordCharacter(char32_t c); // Rust regex's \w: Alphabetic, marks, Nd, Pc, Join_Control

// f(std::string_view bytes, char32_t codePoint, bool valid) for each character; an
// invalid byte comes as one "character" of its own with valid == false.
template <typename F>
void forEachCharacter(std::string_view text, F&& f)
{
    size_t pos = 0;
    while (pos < text.size()) {
        auto [c, length] = decodeCharacter(text, pos);
        if (length == 0) {
            f(text.substr(pos, 1), char32_t(0xFFFD), false);
            ++pos;
        } else {
            f(text.substr(pos, length), c, true);
            pos += length;
        }
    }
}

// f(std::string_view run, bool valid) for each maximal run of valid UTF-8 and each
// invalid byte between them.
template <typename F>
void forEachValidRun(std::string_view text, F&& f)
{
    size_t runStart = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        auto [c, length] = decodeCharacter(text, pos);
        (void)c;
        if (length > 0) {
            pos += length;
            continue;
        }
        if (pos > runStart)
            f(text.substr(runStart, pos - runStart), true);
        f(text.substr(pos, 1), false);
        runStart = ++pos;
    }
    if (pos > runStart)
        f(text.substr(runStart, pos - runStart), true);
}

} // namespace lw::tokenizer
