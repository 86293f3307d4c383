#pragma once
// One answer's way from chosen tokens to what its caller sees: appends each token to the
// result, turns it into text (whole characters, nothing that may start a stop
// sequence), and hands both to the streaming callback. Shared by sampling and beam search.
#include "core/generate/generation_result.h"
#include "core/generate/text_stream.h"
#include "core/tokenizer/tokenizer.h"

#include <optional>

namespace lw::generate {

class TokenStream {
public:
    // `tokenizer` may be null (no text). `sequence` is reported in the events.
    TokenStream(const tokenizer::Tokenizer* tokenizer, std::vector<std::string> stops, size_t sequence,
                const TokenCallback& onToken);

    // Appends the token to result.tokens and its released text to result.text. Returns
    // false when the callback asked to stop.
    bool add(GeneratedToken token, GenerationResult& result);
    // True once a stop sequence has appeared (result.stopSequence names it).
    bool stopped() const { return m_filter.stopped(); }
    // Releases the held-back tail (one closing event when there is any) and sets the
    // stop reason when a stop sequence completes only there.
    void finish(GenerationResult& result);

    // The token's bytes and its alternatives' bytes, when there is a tokenizer.
    void describe(GeneratedToken& token) const;

private:
    const tokenizer::Tokenizer* m_tokenizer;
    std::optional<IncrementalDetokenizer> m_detokenizer;
    StopSequenceFilter m_filter;
    size_t m_sequence;
    const TokenCallback& m_onToken;
};

} // namespace lw::generate
