#pragma once
// From token ids to text that is safe to show while generating: whole UTF-8 characters
// only, and never text that may still turn out to be the start of a stop sequence (a
// stop string can arrive split across several tokens: "<|im" + "_end|>").
#include "core/tokenizer/tokenizer.h"

#include <string>
#include <string_view>
#include <vector>

namespace lw::generate {

// Decodes tokens one at a time. Each token's text is the difference between decoding
// the recent window with and without it (the way Hugging Face's text-generation server
// streams), so tokenizers that decode a token differently at the start of a text
// (sentencepiece's leading space) still give the same text as decoding everything at once.
class IncrementalDetokenizer {
public:
    explicit IncrementalDetokenizer(const tokenizer::Tokenizer& tokenizer) : m_tokenizer(tokenizer) {}

    // Adds one token and returns the text it completes (empty while a character is
    // incomplete; then a later token returns it). Always valid UTF-8: bytes that form no
    // character come out as U+FFFD.
    std::string push(int32_t token);
    // Whatever is still held back (an incomplete character comes out as U+FFFD).
    std::string finish();

private:
    const tokenizer::Tokenizer& m_tokenizer;
    std::vector<int32_t> m_tokens;
    size_t m_prefixOffset = 0, m_readOffset = 0;
};

// Holds back text that could be the beginning of a stop sequence and cuts the text at
// the first complete one.
class StopSequenceFilter {
public:
    explicit StopSequenceFilter(std::vector<std::string> stops = {});

    // Appends text and returns the part that can be shown now. Once a stop sequence has
    // appeared, returns the text before it and then nothing more.
    std::string push(std::string_view text);
    // End of generation: the held-back tail (empty after a stop).
    std::string finish();

    bool stopped() const { return m_stopped; }
    const std::string& matchedStop() const { return m_matched; }

private:
    std::vector<std::string> m_stops;
    std::string m_pending;
    bool m_stopped = false;
    std::string m_matched;
};

// Length of the longest prefix of `text` that does not end inside a UTF-8 sequence.
size_t completeUtf8Prefix(std::string_view text);

} // namespace lw::generate
