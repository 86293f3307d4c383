#pragma once
// UTF-8 that lost bytes on its way through cp1252: that page has no character for
// 0x81 0x8D 0x8F 0x90 0x9D, so a program reading the text in cp1252 often replaced
// them with '?' or U+FFFD, or dropped them. Rebuilding the bytes then leaves a
// multi-byte sequence with one continuation byte missing: a hole. A hole is filled
// only when exactly one of the five bytes makes a letter that fits (the case of its
// neighbours, and a language whose letters are all the line's other letters);
// otherwise it stays unresolved and the caller flags the line.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lw::textfix {

// A rebuilt byte: 0..255, or kLostByte where the text held U+FFFD.
constexpr int16_t kLostByte = -1;

struct Hole {
    size_t index = 0;                 // in HoledText::text
    std::vector<char32_t> candidates; // what each possible lost byte would make there
};

struct HoledText {
    std::u32string text;     // unresolved holes hold their first candidate
    std::vector<Hole> holes; // unresolved ones (after resolveHoles)
    int filledHoles = 0;
};

// The bytes decoded as UTF-8. With allowHoles, a sequence may have one continuation
// byte missing, or replaced by '?' or kLostByte; without, any such flaw fails. Holes
// need the evidence of at least one complete multi-byte character beside them.
// nullopt when the bytes are not UTF-8 even so.
std::optional<HoledText> decodeUtf8WithHoles(const std::vector<int16_t>& bytes, bool allowHoles);

// Fills every hole with a single fitting candidate; the others stay in `holes`.
void resolveHoles(HoledText& decoded);

} // namespace lw::textfix
