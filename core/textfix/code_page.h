#pragma once
// The legacy code pages UTF-8 text is most often misread through (a program that
// assumed Windows, Latin-1, a Mac or a DOS console). Each page maps a byte to one
// character; mojibake repair runs that mapping backwards to get the UTF-8 bytes back.
#include <cstdint>

namespace lw::textfix {

enum class CodePage { Cp1252, Latin1, MacRoman, Cp437, Cp850 };

// Tried in this order; when two pages give the same repair, the first one names it.
constexpr CodePage kMojibakePages[] = {CodePage::Cp1252, CodePage::Latin1, CodePage::MacRoman, CodePage::Cp437,
                                       CodePage::Cp850};

// "cp1252", "latin1", "mac_roman", "cp437", "cp850" (the names used in report causes).
const char* codePageName(CodePage page);

// The character `byte` shows as in `page`. Bytes below 0x80 are ASCII in every page;
// cp1252's five undefined bytes (0x81 0x8D 0x8F 0x90 0x9D) show as the C1 controls of
// the same value, as browsers and ICU read them.
char32_t charForByte(CodePage page, uint8_t byte);

// The byte that shows as `c` in `page`, or -1 when the page has no such character.
int byteForChar(CodePage page, char32_t c);

} // namespace lw::textfix
