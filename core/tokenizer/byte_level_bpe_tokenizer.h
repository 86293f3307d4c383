#pragma once
// GPT-2's byte-level BPE: text is cut into pieces by GPT-2's pattern, each piece's
// bytes start as byte tokens and are merged by rank. Reproduces GPT-2's ids exactly
// when loaded from its encoder.json + vocab.bpe, and loads any vocabulary in that
// layout (including the ones trainByteLevelBpe writes).
#include "core/tokenizer/bpe_files.h"
#include "core/tokenizer/bpe_merge_table.h"
#include "core/tokenizer/bpe_word_cache.h"
#include "core/tokenizer/tokenizer.h"

#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lw::tokenizer {

class ByteLevelBpeTokenizer final : public Tokenizer {
public:
    // Reads vocab.json/encoder.json and merges.txt/vocab.bpe from a folder.
    static std::unique_ptr<ByteLevelBpeTokenizer> load(const std::string& folder);
    // From files already read; lw::Error naming the file and line of an inconsistent entry
    // (a merge of tokens the vocabulary lacks, a missing byte token, a repeated merge).
    ByteLevelBpeTokenizer(const BpeFiles& files, std::string sourcePath);

    std::vector<int32_t> encode(std::string_view text, bool allowSpecial = true) const override;
    std::string decode(const std::vector<int32_t>& ids) const override;
    std::string tokenBytes(int32_t id) const override;
    int32_t vocabSize() const override { return static_cast<int32_t>(m_tokenOffsets.size()) - 1; }
    std::optional<int32_t> eosId() const override { return m_eosId; }
    std::string kind() const override { return "bpe"; }
    std::string sourcePath() const override { return m_sourcePath; }

    // Added tokens matched literally in text when allowSpecial: vocabulary entries such
    // as "<|endoftext|>" that are neither a byte nor the result of a merge.
    const std::vector<std::pair<std::string, int32_t>>& specialTokens() const { return m_specials; }
    int32_t mergeCount() const { return m_merges.size(); }
    const BpeMergeTable& mergeTable() const { return m_merges; }

private:
    void encodeOrdinary(std::string_view text, std::vector<int32_t>& out) const;
    std::string_view bytesOf(int32_t id) const
    {
        return std::string_view(m_tokenBytes).substr(m_tokenOffsets[id], m_tokenOffsets[id + 1] - m_tokenOffsets[id]);
    }
    void checkId(int32_t id) const;

    std::string m_sourcePath;
    std::array<int32_t, 256> m_byteIds{};
    BpeMergeTable m_merges;
    std::string m_tokenBytes;            // the bytes of every token, back to back, by id
    std::vector<uint32_t> m_tokenOffsets; // token id's bytes: [offsets[id], offsets[id + 1])
    std::vector<std::pair<std::string, int32_t>> m_specials;
    std::optional<int32_t> m_eosId;
    BpeWordCache m_cache;
};

} // namespace lw::tokenizer
