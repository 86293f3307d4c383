#pragma once
// GPT-2's byte-to-character table. Byte-level BPE works on raw bytes, but its vocabulary
// files are JSON and text: each byte is written as one printable Unicode character
// (printable Latin-1 bytes as themselves, the others shifted to U+0100..U+0143, so a
// space is "Ġ" and a newline "Ċ"). Token strings in vocab.json and merges.txt are in
// this alphabet; these functions convert between it and bytes.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lw::tokenizer {

// The code point GPT-2 writes for a byte.
char32_t byteToCodePoint(uint8_t byte);

// The bytes in the order GPT-2 gives them ids: the printable ones first (in byte order),
// then the rest. A vocabulary trained here numbers its 256 byte tokens the same way.
const std::array<uint8_t, 256>& bytesInGpt2Order();

// Bytes to their vocabulary-file spelling ("\n hi" -> "ĊĠhi").
std::string bytesToTokenText(std::string_view bytes);

// Vocabulary-file spelling back to bytes; nullopt when the text is not valid UTF-8 or
// holds a character outside the 256-character alphabet (an added token such as
// "<|endoftext|>" is spelled in plain ASCII, which is inside it).
std::optional<std::string> tokenTextToBytes(std::string_view text);

} // namespace lw::tokenizer
