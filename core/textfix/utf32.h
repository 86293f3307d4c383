#pragma once
// Text as code points for the repair's character-by-character checks, and back.
#include <string>
#include <string_view>

namespace lw::textfix {

// Code points of valid UTF-8 (util::findInvalidUtf8 must have passed it).
std::u32string toUtf32(std::string_view utf8);
std::string toUtf8(std::u32string_view text);
void appendUtf8(std::string& out, char32_t c);

// True when every byte is ASCII (the common case, checked eight bytes at a time).
bool isAscii(std::string_view bytes);

} // namespace lw::textfix
