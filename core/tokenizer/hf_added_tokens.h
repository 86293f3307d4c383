#pragma once
// Added tokens of a tokenizer.json (special tokens such as "<|endoftext|>" and any
// others): found in the text before anything else runs, leftmost-longest as the
// `tokenizers` library's Aho-Corasick matcher finds them, with its lstrip, rstrip and
// single_word rules. Tokens with normalized=false are matched in the raw text, the
// others in the normalized text (their content normalized the same way).
#include "core/tokenizer/hf_tokenizer_spec.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lw::tokenizer {

class HfNormalizer;

class HfAddedTokens {
public:
    HfAddedTokens(const std::vector<HfAddedToken>& tokens, const HfNormalizer& normalizer);

    struct Segment {
        size_t begin;
        size_t end;
        int32_t id; // -1: ordinary text
    };
    // Cuts `text` at the tokens of one set (normalized or not). With allowSpecial false,
    // matches of special tokens are passed over and stay text (`tokenizers`'
    // encode_special_tokens); other added tokens still match. Segments cover the text,
    // except spaces that lstrip/rstrip tokens absorb; empty ones are left out.
    void split(std::string_view text, bool normalizedSet, bool allowSpecial, std::vector<Segment>& out) const;

    bool empty() const { return m_tokens.empty(); }

private:
    struct Entry {
        std::string pattern; // content, or normalized content for the normalized set
        HfAddedToken token;
    };
    struct Set {
        std::vector<Entry> entries;          // longest pattern first
        std::array<bool, 256> firstByte{};   // bytes some pattern starts with
    };
    const Set& set(bool normalized) const { return normalized ? m_normalized : m_raw; }

    std::vector<HfAddedToken> m_tokens;
    Set m_raw;
    Set m_normalized;
};

} // namespace lw::tokenizer
