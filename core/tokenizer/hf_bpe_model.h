#pragma once
// The BPE model of a tokenizer.json: its vocabulary and ranked merges, and the encoding
// of one pre-tokenized piece as the `tokenizers` library does it. Two spellings:
// byte-level (GPT-2's byte alphabet, the piece's bytes are the starting symbols) and
// sentencepiece-style (UTF-8 tokens, the piece's characters are the starting symbols,
// with <0xNN> byte tokens or the unknown token for characters the vocabulary lacks).
// Merges run on the shared BpeMergeTable; results are memoised per piece.
#include "core/tokenizer/bpe_merge_table.h"
#include "core/tokenizer/bpe_word_cache.h"
#include "core/tokenizer/hf_tokenizer_spec.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lw::tokenizer {

class HfBpeModel {
public:
    // lw::Error naming the field ("model.merges[12]: ...") for an inconsistent spec: a
    // merge of unknown tokens, a byte-level vocabulary without all 256 byte tokens.
    HfBpeModel(const HfBpeModelSpec& spec, bool byteLevel);

    // Appends the ids of one piece.
    void encodePiece(std::string_view piece, std::vector<int32_t>& out) const;

    int32_t size() const { return static_cast<int32_t>(m_tokens.size()); }
    bool byteLevel() const { return m_byteLevel; }
    // The token as the file spells it ("" for an unused id).
    const std::string& tokenText(int32_t id) const { return m_tokens[id]; }
    // The token's bytes (byte-level: the alphabet mapped back; otherwise its text).
    std::string_view tokenBytes(int32_t id) const
    {
        return std::string_view(m_bytes).substr(m_offsets[id], m_offsets[id + 1] - m_offsets[id]);
    }
    std::optional<int32_t> idOf(std::string_view text) const;
    const BpeMergeTable& merges() const { return m_merges; }

private:
    void buildInitialSymbols(std::string_view piece, std::vector<int32_t>& symbols) const;

    bool m_byteLevel;
    bool m_ignoreMerges;
    bool m_byteFallback;
    bool m_fuseUnk;
    std::optional<int32_t> m_unkId;
    std::vector<std::string> m_tokens;
    std::unordered_map<std::string, int32_t> m_idOfText;
    std::unordered_map<std::string, int32_t> m_idOfBytes; // byte-level with ignore_merges: whole pieces
    std::unordered_map<char32_t, int32_t> m_idOfCharacter; // sentencepiece-style: one-character tokens
    std::array<int32_t, 256> m_byteIds{};                  // byte-level: byte -> token; else <0xNN> or -1
    std::string m_bytes;
    std::vector<uint32_t> m_offsets;
    BpeMergeTable m_merges;
    BpeWordCache m_cache;
};

} // namespace lw::tokenizer
