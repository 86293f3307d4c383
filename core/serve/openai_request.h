#pragma once
// The OpenAI wire format, request side: the bodies of POST /v1/completions and
// POST /v1/chat/completions read into one struct, with every field's type and range
// checked (ApiError 400 naming the field otherwise). Nothing here needs the model; the
// prompt becomes tokens later (see completion_service.h).
//
// Read and honoured: model (any string: the server answers with its own model),
// prompt (a string, or an array of token ids; a one-element array of either),
// messages (roles system, developer = system, user, assistant; content a string or
// text parts), max_tokens / max_completion_tokens, temperature, top_p, top_k, min_p,
// presence_penalty, frequency_penalty, repetition_penalty, stop (string or array),
// seed, n (1 only), best_of (1 only), stream, stream_options.include_usage, echo,
// logprobs (completions: 0..5 alternatives; chat: true/false with top_logprobs 0..20),
// user (ignored). Null counts as absent. Fields a local model cannot honour (tools,
// logit_bias, suffix, a JSON response_format) are refused when set; unknown fields are
// refused, as OpenAI does.
#include "core/generate/chat_template.h"
#include "core/generate/sampler_settings.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lw::serve {

enum class Endpoint { Completions, ChatCompletions };

struct CompletionRequest {
    Endpoint endpoint = Endpoint::Completions;
    std::string model;                           // as the client named it
    std::optional<std::string> promptText;       // completions: a text prompt
    std::vector<int32_t> promptTokens;           // completions: a prompt of token ids
    std::vector<generate::ChatMessage> messages; // chat
    generate::SamplerSettings settings;          // OpenAI's defaults where not given
    bool maxTokensGiven = false;
    bool seedGiven = false;
    bool stream = false;
    bool includeUsage = false; // stream_options.include_usage: a last chunk with usage
    bool echo = false;         // completions: the prompt before the answer
    int logprobs = -1;         // -1: none; else alternatives per token (0: only the chosen token's)
};

// Parses and checks a request body. Throws ApiError (400) for malformed JSON, wrong
// types, values out of range, unknown roles or fields.
CompletionRequest parseCompletionRequest(const std::string& body, Endpoint endpoint);

} // namespace lw::serve
