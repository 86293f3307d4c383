#pragma once
// A Hugging Face tokenizer (the `tokenizers` library's tokenizer.json) with a BPE model:
// GPT-2, Llama 2 and 3, Qwen2, Mistral, SmolLM, TinyLlama and their kin. encode() gives
// the ids `tokenizers` gives for the same text (added tokens, normalizer,
// pre-tokenizer, BPE; no post-processor: bosPrefix() says what that would add).
#include "core/tokenizer/hf_added_tokens.h"
#include "core/tokenizer/hf_bpe_model.h"
#include "core/tokenizer/hf_decoder.h"
#include "core/tokenizer/hf_normalizer.h"
#include "core/tokenizer/hf_pretokenizer.h"
#include "core/tokenizer/hf_tokenizer_spec.h"
#include "core/tokenizer/tokenizer.h"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace lw::tokenizer {

class ByteLevelBpeTokenizer;

class HfTokenizer final : public Tokenizer {
public:
    // Reads tokenizer.json (and tokenizer_config.json beside it, when there is one);
    // lw::Error naming the file and the JSON field of the first problem.
    static std::unique_ptr<HfTokenizer> load(const std::string& tokenizerJsonPath);
    // From parts already in memory (a GGUF file's metadata, a test); lw::Error naming the
    // field of an inconsistent part ("model.merges[3]: ...").
    HfTokenizer(HfTokenizerSpec spec, std::string sourcePath);
    ~HfTokenizer() override;

    std::vector<int32_t> encode(std::string_view text, bool allowSpecial = true) const override;
    std::string decode(const std::vector<int32_t>& ids) const override;
    std::string tokenBytes(int32_t id) const override;
    int32_t vocabSize() const override { return static_cast<int32_t>(m_tokenText.size()); }
    std::optional<int32_t> eosId() const override { return m_eosId; }
    std::string kind() const override { return "hf"; }
    std::string sourcePath() const override { return m_sourcePath; }

    // Id of a vocabulary entry or added token, spelled as in tokenizer.json.
    std::optional<int32_t> tokenId(std::string_view token) const;
    std::optional<int32_t> bosId() const { return m_bosId; }
    // What the post-processor puts before a single sequence (Llama's <s>); empty for GPT-2.
    const std::vector<int32_t>& bosPrefix() const { return m_spec.bosPrefix; }
    // tokenizer_config.json's add_bos_token when given, else whether bosPrefix() is non-empty.
    bool addsBosToken() const { return m_spec.addBosToken.value_or(!m_spec.bosPrefix.empty()); }
    const HfTokenizerSpec& spec() const { return m_spec; }

private:
    void encodeText(std::string_view text, bool atTextStart, std::vector<int32_t>& out) const;
    void checkId(int32_t id) const;

    HfTokenizerSpec m_spec;
    std::string m_sourcePath;
    std::unique_ptr<HfNormalizer> m_normalizer;
    std::unique_ptr<HfPreTokenizer> m_preTokenizer;
    std::unique_ptr<HfBpeModel> m_model;
    std::unique_ptr<HfAddedTokens> m_added;
    std::unique_ptr<HfDecoder> m_decoder;
    std::vector<std::string> m_tokenText;  // by id: added token content or the model's token
    std::vector<char> m_isAdded;           // by id
    std::unordered_map<std::string, int32_t> m_addedIdOf;
    std::optional<int32_t> m_bosId;
    std::optional<int32_t> m_eosId;
};

// Writes a tokenizer.json for a byte-level BPE vocabulary (GPT-2's layout: ByteLevel
// pre-tokenizer and decoder, its special tokens as added tokens) that the `tokenizers`
// library loads and encodes with the same ids. Written atomically.
void writeTokenizerJson(const ByteLevelBpeTokenizer& tokenizer, const std::string& path);

} // namespace lw::tokenizer
