#include "core/serve/openai_response.h"

#include "core/train/events.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <random>

namespace lw::serve {

namespace {

using Json = nlohmann::json;

std::string randomHex(size_t digits)
{
    static std::mutex lock;
    static std::mt19937_64 engine{std::random_device{}()};
    std::lock_guard<std::mutex> guard(lock);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < digits; ++i)
        out.push_back(hex[engine() & 15]);
    return out;
}

bool isChat(const AnswerHeader& h)
{
    return h.endpoint == Endpoint::ChatCompletions;
}

// JSON has no infinity; OpenAI reports impossible tokens at -9999.
double logprobOf(float probability)
{
    return probability > 0 ? std::max(-9999.0, std::log(double(probability))) : -9999.0;
}

Json bytesOf(const std::string& piece)
{
    Json bytes = Json::array();
    for (unsigned char c : piece)
        bytes.push_back(int(c));
    return bytes;
}

// Chat: {"content": [{"token", "logprob", "bytes", "top_logprobs": [...]}]}.
Json chatLogprobs(const std::vector<generate::GeneratedToken>& tokens)
{
    Json content = Json::array();
    for (const auto& t : tokens) {
        Json top = Json::array();
        for (const auto& a : t.alternatives)
            top.push_back({{"token", a.piece}, {"logprob", logprobOf(a.probability)}, {"bytes", bytesOf(a.piece)}});
        content.push_back({{"token", t.piece},
                           {"logprob", logprobOf(t.probability)},
                           {"bytes", bytesOf(t.piece)},
                           {"top_logprobs", top}});
    }
    return {{"content", content}};
}

// Completions: {"tokens", "token_logprobs", "top_logprobs": [{piece: logprob}], "text_offset"}.
Json completionLogprobs(const std::vector<generate::GeneratedToken>& tokens, size_t offset)
{
    Json pieces = Json::array(), logprobs = Json::array(), top = Json::array(), offsets = Json::array();
    for (const auto& t : tokens) {
        pieces.push_back(t.piece);
        logprobs.push_back(logprobOf(t.probability));
        Json alternatives = Json::object();
        for (const auto& a : t.alternatives)
            alternatives[a.piece] = logprobOf(a.probability);
        top.push_back(alternatives);
        offsets.push_back(offset);
        offset += t.piece.size();
    }
    return {{"tokens", pieces}, {"token_logprobs", logprobs}, {"top_logprobs", top}, {"text_offset", offsets}};
}

Json logprobsOf(const AnswerHeader& h, const std::vector<generate::GeneratedToken>& tokens, size_t offset)
{
    if (h.logprobs < 0)
        return nullptr;
    return isChat(h) ? chatLogprobs(tokens) : completionLogprobs(tokens, offset);
}

Json chunkBase(const AnswerHeader& h)
{
    return {{"id", h.id},
            {"object", isChat(h) ? "chat.completion.chunk" : "text_completion"},
            {"created", h.created},
            {"model", h.model}};
}

} // namespace

AnswerHeader newAnswerHeader(Endpoint endpoint, const std::string& model, int logprobs)
{
    AnswerHeader h;
    h.endpoint = endpoint;
    h.id = std::string(endpoint == Endpoint::ChatCompletions ? "chatcmpl-" : "cmpl-") + randomHex(24);
    h.created = int64_t(train::unixTime());
    h.model = model;
    h.logprobs = logprobs;
    return h;
}

std::string finishReason(generate::StopReason reason)
{
    switch (reason) {
    case generate::StopReason::MaxTokens:
    case generate::StopReason::ContextFull:
        return "length";
    default:
        return "stop";
    }
}

Json usageJson(int64_t promptTokens, int64_t completionTokens)
{
    return {{"prompt_tokens", promptTokens},
            {"completion_tokens", completionTokens},
            {"total_tokens", promptTokens + completionTokens}};
}

Json completionJson(const AnswerHeader& h, const std::string& text, const generate::GenerationResult& result,
                    int64_t promptTokens)
{
    Json choice = {{"index", 0}};
    if (isChat(h))
        choice["message"] = {{"role", "assistant"}, {"content", text}};
    else
        choice["text"] = text;
    choice["logprobs"] = logprobsOf(h, result.tokens, text.size() - result.text.size());
    choice["finish_reason"] = finishReason(result.stopReason);
    Json out = chunkBase(h);
    out["object"] = isChat(h) ? "chat.completion" : "text_completion";
    out["choices"] = Json::array({choice});
    out["usage"] = usageJson(promptTokens, int64_t(result.tokens.size()));
    return out;
}

Json textChunk(const AnswerHeader& h, const std::string& text, const std::vector<generate::GeneratedToken>& tokens)
{
    Json choice = {{"index", 0}};
    if (isChat(h))
        choice["delta"] = {{"content", text}};
    else
        choice["text"] = text;
    choice["logprobs"] = logprobsOf(h, tokens, 0);
    choice["finish_reason"] = nullptr;
    Json out = chunkBase(h);
    out["choices"] = Json::array({choice});
    return out;
}

Json roleChunk(const AnswerHeader& h)
{
    Json out = chunkBase(h);
    out["choices"] = Json::array(
        {{{"index", 0}, {"delta", {{"role", "assistant"}, {"content", ""}}}, {"logprobs", nullptr},
          {"finish_reason", nullptr}}});
    return out;
}

Json finalChunk(const AnswerHeader& h, generate::StopReason reason)
{
    Json choice = {{"index", 0}};
    if (isChat(h))
        choice["delta"] = Json::object();
    else
        choice["text"] = "";
    choice["logprobs"] = nullptr;
    choice["finish_reason"] = finishReason(reason);
    Json out = chunkBase(h);
    out["choices"] = Json::array({choice});
    return out;
}

Json usageChunk(const AnswerHeader& h, int64_t promptTokens, int64_t completionTokens)
{
    Json out = chunkBase(h);
    out["choices"] = Json::array();
    out["usage"] = usageJson(promptTokens, completionTokens);
    return out;
}

Json modelListJson(const ModelStatus& model)
{
    return {{"object", "list"}, {"data", model.entriesJson()}};
}

std::string jsonText(const Json& json)
{
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string sseEvent(const Json& data)
{
    return "data: " + jsonText(data) + "\n\n";
}

} // namespace lw::serve
