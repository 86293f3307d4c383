#pragma once
// Which encoding a file is in, from its first bytes: a byte-order mark decides; valid
// UTF-8 is UTF-8 (never converted); anything else is Mozilla's detector's call
// (uchardet), with no hand-written guessing.
#include <cstddef>
#include <string>
#include <string_view>

namespace lw::textfix {

struct EncodingGuess {
    std::string name;     // "UTF-8", "UTF-16LE", "WINDOWS-1258", ... (uchardet's names); empty: unknown
    size_t bomLength = 0; // bytes of byte-order mark the sample starts with
    bool isUtf8() const { return name == "UTF-8"; }
};

// `sample` is the file's start; `wholeFile` says it is all of it (else a character cut
// at the sample's end is no evidence against UTF-8).
EncodingGuess detectEncoding(std::string_view sample, bool wholeFile = true);

} // namespace lw::textfix
