#pragma once
// Undoing mojibake: UTF-8 text that a program once read in a legacy code page. The
// characters are turned back into that page's bytes and the bytes read as UTF-8; the
// result is kept only when it is valid UTF-8 (allowing cp1252's lost bytes, see
// lost_bytes.h) and clearly less odd (oddness.h). Repeated for text damaged twice.
#include "core/textfix/code_page.h"

#include <string>
#include <string_view>
#include <vector>

namespace lw::textfix {

struct MojibakeRepair {
    std::u32string text;          // the repaired text (the input when nothing was undone)
    std::vector<CodePage> undone; // the pages undone, last damage first
    bool unsure = false;          // a lost byte could not be told; `text` is not to be used
};

// At most this many layers are undone ("cp1252x2" is two).
constexpr int kMaxMojibakeLayers = 3;

MojibakeRepair undoMojibake(std::u32string_view text);

// "mojibake:cp1252", "mojibake:cp1252x2", "mojibake:mac_roman+cp1252" (pages in the
// order the damage happened).
std::string mojibakeCause(const std::vector<CodePage>& undone);

} // namespace lw::textfix
