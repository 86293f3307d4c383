#pragma once
// What generation gives back: every chosen token with its probabilities (the decoding
// lab colours tokens by them and shows the alternatives), the answer's text, why it
// stopped, and timings (time to first token, prefill and decode speed).
#include "core/generate/token_sampler.h"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::generate {

struct GeneratedToken {
    int32_t token = 0;
    std::string piece;             // the token's bytes (may be part of a UTF-8 character)
    float probability = 0;         // under the model: softmax of its logits at temperature 1
    float samplingProbability = 0; // in the distribution it was drawn from (1: greedy, beams)
    std::vector<TokenAlternative> alternatives; // the model's most likely tokens at this step
    double elapsedMs = 0;          // since the request started
};

struct TokenEvent {
    size_t sequence = 0;                   // index of the request in generateBatch (0 for generate)
    size_t index = 0;                      // of the token in the answer
    const GeneratedToken* token = nullptr; // null for the closing event of a sequence, which
                                           // carries text held back until the end (if any)
    std::string text;                      // text released now (empty while held back)
};
// Return false to stop this sequence after this token (its stop reason: cancelled).
using TokenCallback = std::function<bool(const TokenEvent&)>;

enum class StopReason { MaxTokens, EndOfText, StopSequence, ContextFull, Cancelled };
std::string stopReasonName(StopReason reason); // "max_tokens", "eos", "stop_sequence", "context_full", "cancelled"

struct GenerationStats {
    int64_t promptTokens = 0;        // after cutting to fit the context
    int64_t promptTokensDropped = 0; // cut from the start so that max_tokens fit
    int64_t promptTokensReused = 0;  // already in the KV cache from the previous request
    int64_t generatedTokens = 0;
    double timeToFirstTokenMs = 0;   // request start to the first token chosen
    double prefillMs = 0;            // the forward pass over the prompt
    double prefillTokensPerS = 0;
    double decodeMsPerToken = 0;     // per token after the first
    double decodeTokensPerS = 0;
    double totalMs = 0;

    nlohmann::json toJson() const;
};

struct GenerationResult {
    std::vector<GeneratedToken> tokens; // the end-of-text token is not included
    std::string text;                   // the answer, without the stop sequence
    StopReason stopReason = StopReason::MaxTokens;
    std::string stopSequence;           // the one that matched
    double beamScore = 0;               // beam search: log-probability / length^length_penalty
    GenerationStats stats;

    // Strings that are not valid UTF-8 get U+FFFD, with their bytes in "<key>_bytes".
    nlohmann::json toJson() const;
};

// One token as JSON: {"id", "text", "probability", "sampling_probability", "elapsed_ms",
// "alternatives": [{"id", "text", "probability"}]} (the events of `llmwb generate`).
nlohmann::json tokenToJson(const GeneratedToken& token);

} // namespace lw::generate
