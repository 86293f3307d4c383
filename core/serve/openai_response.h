#pragma once
// The OpenAI wire format, response side: completion objects, streamed chunks
// (server-sent events), usage, logprobs and the model list.
//
//   /v1/completions       {"id": "cmpl-…", "object": "text_completion", "created", "model",
//                          "choices": [{"index": 0, "text", "logprobs", "finish_reason"}], "usage"}
//   /v1/chat/completions  {"id": "chatcmpl-…", "object": "chat.completion", …,
//                          "choices": [{"index": 0, "message": {"role": "assistant", "content"},
//                                       "logprobs", "finish_reason"}], "usage"}
//   streamed              "data: <chunk>\n\n" per piece of text ("text_completion" or
//                          "chat.completion.chunk" whose choices carry "delta"), a last chunk
//                          with finish_reason, a usage chunk (choices: []) when asked, "data: [DONE]\n\n".
// finish_reason is "stop" (end of text or a stop sequence) or "length" (max_tokens or
// the context is full); usage is {"prompt_tokens", "completion_tokens", "total_tokens"}.
#include "core/generate/generation_result.h"
#include "core/serve/model_status.h"
#include "core/serve/openai_request.h"

#include <nlohmann/json.hpp>
#include <string>

namespace lw::serve {

// What every object of one answer repeats.
struct AnswerHeader {
    Endpoint endpoint = Endpoint::Completions;
    std::string id; // "cmpl-…" or "chatcmpl-…"
    int64_t created = 0;
    std::string model;
    int logprobs = -1; // as in CompletionRequest
};

AnswerHeader newAnswerHeader(Endpoint endpoint, const std::string& model, int logprobs);

std::string finishReason(generate::StopReason reason);
nlohmann::json usageJson(int64_t promptTokens, int64_t completionTokens);

// The whole answer (not streamed). `text` is the answer (with the prompt before it for echo).
nlohmann::json completionJson(const AnswerHeader& header, const std::string& text,
                              const generate::GenerationResult& result, int64_t promptTokens);

// One streamed chunk: text released now and the tokens chosen meanwhile (for logprobs).
nlohmann::json textChunk(const AnswerHeader& header, const std::string& text,
                         const std::vector<generate::GeneratedToken>& tokens);
// Chat streams open with the assistant's role.
nlohmann::json roleChunk(const AnswerHeader& header);
nlohmann::json finalChunk(const AnswerHeader& header, generate::StopReason reason);
nlohmann::json usageChunk(const AnswerHeader& header, int64_t promptTokens, int64_t completionTokens);

// GET /v1/models: the one model, with its status ("loading" carries the progress).
nlohmann::json modelListJson(const ModelStatus& model);

// One server-sent event: "data: <json>\n\n" (invalid UTF-8 replaced by U+FFFD).
std::string sseEvent(const nlohmann::json& data);
inline constexpr const char* kSseDone = "data: [DONE]\n\n";

// JSON text for a response body (invalid UTF-8 replaced by U+FFFD).
std::string jsonText(const nlohmann::json& json);

} // namespace lw::serve
