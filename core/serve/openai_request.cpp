#include "core/serve/openai_request.h"

#include "core/serve/api_error.h"
#include "core/util/error.h"
#include "core/util/text_file.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace lw::serve {

namespace {

using Json = nlohmann::json;

constexpr int kMaxJsonDepth = 32;
constexpr size_t kMaxStopSequences = 16;
constexpr size_t kMaxStopBytes = 256;

Json parseBody(const std::string& body)
{
    if (body.find_first_not_of(" \t\r\n") == std::string::npos)
        throw ApiError::invalid("", "the request body is empty: expected a JSON object");
    // Bounded nesting: a body of a million '[' must not cost a million stack frames later.
    Json::parser_callback_t depthGuard = [](int depth, Json::parse_event_t, Json&) {
        if (depth > kMaxJsonDepth)
            throw ApiError::invalid("", "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        return true;
    };
    Json json;
    try {
        json = Json::parse(body, depthGuard);
    } catch (const Json::exception& e) { // parse errors, and numbers beyond a double (out_of_range)
        std::string message = e.what();
        const size_t prefixEnd = message.find("] ");
        if (prefixEnd != std::string::npos)
            message.erase(0, prefixEnd + 2);
        // nlohmann quotes the bytes it last read, which may be the invalid UTF-8 it
        // stopped at; the error goes back as JSON, which must be valid UTF-8.
        throw ApiError::invalid("", "malformed JSON: " + util::withValidUtf8(message));
    }
    if (!json.is_object())
        throw ApiError::invalid("", "expected a JSON object, got " + std::string(json.type_name()));
    return json;
}

// The value of `key`, or null when absent or JSON null.
const Json* field(const Json& object, const char* key)
{
    auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

bool readBool(const Json& object, const char* key, bool fallback)
{
    const Json* v = field(object, key);
    if (!v)
        return fallback;
    if (!v->is_boolean())
        throw ApiError::invalid(key, "expected true or false, got " + v->dump());
    return v->get<bool>();
}

std::string formatNumber(double x)
{
    std::ostringstream out;
    out << x; // 2 rather than 2.0, 0.5 rather than 0.500000
    return out.str();
}

std::optional<double> readNumber(const Json& object, const char* key, double min, double max)
{
    const Json* v = field(object, key);
    if (!v)
        return std::nullopt;
    if (!v->is_number())
        throw ApiError::invalid(key, "expected a number, got " + v->dump());
    const double x = v->get<double>();
    if (!(x >= min && x <= max))
        throw ApiError::invalid(key, "must be between " + formatNumber(min) + " and " + formatNumber(max) +
                                         ", got " + v->dump());
    return x;
}

std::optional<int64_t> readInteger(const Json& object, const char* key, int64_t min, int64_t max)
{
    const Json* v = field(object, key);
    if (!v)
        return std::nullopt;
    if (!v->is_number_integer() || (v->is_number_unsigned() && v->get<uint64_t>() > uint64_t(INT64_MAX)))
        throw ApiError::invalid(key, "expected an integer, got " + v->dump());
    const int64_t x = v->get<int64_t>();
    if (x < min || x > max)
        throw ApiError::invalid(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                                         ", got " + std::to_string(x));
    return x;
}

std::vector<std::string> readStop(const Json& object)
{
    const Json* v = field(object, "stop");
    if (!v)
        return {};
    std::vector<std::string> stops;
    if (v->is_string()) {
        stops.push_back(v->get<std::string>());
    } else if (v->is_array()) {
        for (const Json& s : *v) {
            if (!s.is_string())
                throw ApiError::invalid("stop", "expected a string or an array of strings");
            stops.push_back(s.get<std::string>());
        }
    } else {
        throw ApiError::invalid("stop", "expected a string or an array of strings, got " + v->dump());
    }
    if (stops.size() > kMaxStopSequences)
        throw ApiError::invalid("stop", "at most " + std::to_string(kMaxStopSequences) + " stop sequences");
    for (const std::string& s : stops)
        if (s.empty() || s.size() > kMaxStopBytes)
            throw ApiError::invalid("stop", "a stop sequence must have 1 to " + std::to_string(kMaxStopBytes) +
                                                " bytes");
    return stops;
}

// Fields a local model cannot honour: refused unless absent, null or empty.
void refuseUnsupported(const Json& object, std::initializer_list<const char*> keys)
{
    for (const char* key : keys) {
        const Json* v = field(object, key);
        if (v && !(v->empty() || (v->is_string() && v->get<std::string>().empty())))
            throw ApiError::invalid(key, "not supported by this server", "unsupported_parameter");
    }
}

void refuseUnknown(const Json& object, const std::set<std::string>& known)
{
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!known.count(it.key()))
            throw ApiError::invalid(it.key(), "unrecognized request argument", "unknown_parameter");
}

std::vector<int32_t> readTokenIds(const Json& array, const char* param)
{
    if (array.empty())
        throw ApiError::invalid(param, "an empty array of token ids");
    std::vector<int32_t> ids;
    for (const Json& t : array) {
        if (!t.is_number_integer() || t.get<int64_t>() < 0 || t.get<int64_t>() > INT32_MAX)
            throw ApiError::invalid(param, "expected token ids (non-negative integers), got " + t.dump());
        ids.push_back(int32_t(t.get<int64_t>()));
    }
    return ids;
}

void readPrompt(const Json& object, CompletionRequest& r)
{
    const Json* v = field(object, "prompt");
    if (!v)
        throw ApiError::invalid("prompt", "required: a string or an array of token ids");
    const Json* prompt = v;
    if (v->is_array() && v->size() == 1 && ((*v)[0].is_string() || (*v)[0].is_array()))
        prompt = &(*v)[0]; // a batch of one
    if (prompt->is_string()) {
        r.promptText = prompt->get<std::string>();
    } else if (prompt->is_array() && !prompt->empty() && (*prompt)[0].is_number()) {
        r.promptTokens = readTokenIds(*prompt, "prompt");
    } else if (prompt->is_array() && prompt->size() > 1) {
        throw ApiError::invalid("prompt", "one prompt per request (send several requests instead)");
    } else {
        throw ApiError::invalid("prompt", "expected a string or an array of token ids");
    }
}

std::string messageContent(const Json& content, const std::string& param)
{
    if (content.is_string())
        return content.get<std::string>();
    if (!content.is_array())
        throw ApiError::invalid(param, "expected a string or an array of text parts");
    std::string text;
    for (size_t i = 0; i < content.size(); ++i) {
        const Json& part = content[i];
        const std::string where = param + "[" + std::to_string(i) + "]";
        if (!part.is_object() || !part.contains("type") || !part["type"].is_string())
            throw ApiError::invalid(where, "expected {\"type\": \"text\", \"text\": \"...\"}");
        if (part["type"] != "text")
            throw ApiError::invalid(where, "only text parts are supported, got type " + part["type"].dump());
        if (!part.contains("text") || !part["text"].is_string())
            throw ApiError::invalid(where + ".text", "expected a string");
        text += (i ? "\n" : "") + part["text"].get<std::string>();
    }
    return text;
}

void readMessages(const Json& object, CompletionRequest& r)
{
    const Json* v = field(object, "messages");
    if (!v || !v->is_array() || v->empty())
        throw ApiError::invalid("messages", "required: a non-empty array of {\"role\", \"content\"} objects");
    static const std::set<std::string> knownKeys = {"role", "content", "name", "refusal", "tool_calls",
                                                    "function_call"};
    for (size_t i = 0; i < v->size(); ++i) {
        const Json& m = (*v)[i];
        const std::string where = "messages[" + std::to_string(i) + "]";
        if (!m.is_object())
            throw ApiError::invalid(where, "expected an object with role and content");
        for (auto it = m.begin(); it != m.end(); ++it)
            if (!knownKeys.count(it.key()))
                throw ApiError::invalid(where + "." + it.key(), "unrecognized message field", "unknown_parameter");
        refuseUnsupported(m, {"tool_calls", "function_call"});
        const Json* role = field(m, "role");
        if (!role || !role->is_string())
            throw ApiError::invalid(where + ".role", "required: system, user or assistant");
        std::string name = role->get<std::string>();
        if (name == "developer")
            name = "system"; // OpenAI's newer name for the same thing
        if (name != "system" && name != "user" && name != "assistant")
            throw ApiError::invalid(where + ".role", "unknown role " + role->dump() +
                                                         " (expected system, developer, user or assistant)");
        const Json* content = field(m, "content");
        if (!content && name != "assistant")
            throw ApiError::invalid(where + ".content", "required");
        const Json* nameField = field(m, "name");
        if (nameField && !nameField->is_string())
            throw ApiError::invalid(where + ".name", "expected a string");
        r.messages.push_back({name, content ? messageContent(*content, where + ".content") : std::string()});
    }
}

void readSampling(const Json& object, CompletionRequest& r)
{
    generate::SamplerSettings& s = r.settings;
    // OpenAI's defaults: plain sampling at temperature 1, no truncation, no penalties.
    s.temperature = readNumber(object, "temperature", 0.0, 2.0).value_or(1.0);
    s.top_p = readNumber(object, "top_p", 0.0, 1.0).value_or(1.0);
    if (s.top_p == 0.0) { // nothing but the most likely token is left: greedy
        s.temperature = 0.0;
        s.top_p = 1.0;
    }
    s.top_k = readInteger(object, "top_k", 0, 1 << 20).value_or(0);
    s.min_p = readNumber(object, "min_p", 0.0, 0.999999).value_or(0.0);
    s.presence_penalty = readNumber(object, "presence_penalty", -2.0, 2.0).value_or(0.0);
    s.frequency_penalty = readNumber(object, "frequency_penalty", -2.0, 2.0).value_or(0.0);
    s.repetition_penalty = readNumber(object, "repetition_penalty", 0.01, 100.0).value_or(1.0);
    s.stop = readStop(object);

    const char* maxKey = field(object, "max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
    if (auto maxTokens = readInteger(object, maxKey, 1, INT32_MAX)) {
        s.max_tokens = *maxTokens;
        r.maxTokensGiven = true;
    }
    if (auto seed = readInteger(object, "seed", INT64_MIN, INT64_MAX)) {
        s.seed = static_cast<uint64_t>(*seed);
        r.seedGiven = true;
    }
    readInteger(object, "n", 1, 1);
    r.stream = readBool(object, "stream", false);
    if (const Json* options = field(object, "stream_options")) {
        if (!options->is_object())
            throw ApiError::invalid("stream_options", "expected an object");
        r.includeUsage = readBool(*options, "include_usage", false);
    }
    if (!field(object, "model") || field(object, "model")->is_string())
        r.model = field(object, "model") ? field(object, "model")->get<std::string>() : "";
    else
        throw ApiError::invalid("model", "expected a string");
    if (const Json* user = field(object, "user"); user && !user->is_string())
        throw ApiError::invalid("user", "expected a string");
}

} // namespace

CompletionRequest parseCompletionRequest(const std::string& body, Endpoint endpoint)
{
    const Json object = parseBody(body);
    CompletionRequest r;
    r.endpoint = endpoint;
    std::set<std::string> known = {"model", "max_tokens", "temperature", "top_p", "top_k", "min_p",
                                   "presence_penalty", "frequency_penalty", "repetition_penalty", "stop", "seed", "n",
                                   "stream", "stream_options", "logprobs", "user", "logit_bias"};
    if (endpoint == Endpoint::Completions) {
        known.insert({"prompt", "echo", "best_of", "suffix"});
        refuseUnknown(object, known);
        refuseUnsupported(object, {"suffix", "logit_bias"});
        readPrompt(object, r);
        readSampling(object, r);
        r.echo = readBool(object, "echo", false);
        readInteger(object, "best_of", 1, 1);
        r.logprobs = int(readInteger(object, "logprobs", 0, 5).value_or(-1));
    } else {
        known.insert({"messages", "max_completion_tokens", "top_logprobs", "tools", "tool_choice", "functions",
                      "function_call", "parallel_tool_calls", "response_format", "metadata", "store"});
        refuseUnknown(object, known);
        refuseUnsupported(object, {"logit_bias", "tools", "functions", "tool_choice", "function_call"});
        if (const Json* format = field(object, "response_format");
            format && !(format->is_object() && format->value("type", "") == "text"))
            throw ApiError::invalid("response_format", "only {\"type\": \"text\"} is supported",
                                    "unsupported_parameter");
        readMessages(object, r);
        readSampling(object, r);
        const bool logprobs = readBool(object, "logprobs", false);
        const auto top = readInteger(object, "top_logprobs", 0, 20);
        if (top && !logprobs)
            throw ApiError::invalid("top_logprobs", "needs \"logprobs\": true");
        r.logprobs = logprobs ? int(top.value_or(0)) : -1;
    }
    r.settings.top_alternatives = std::max(0, r.logprobs);
    try {
        r.settings.validate("request");
    } catch (const Error& e) {
        throw ApiError::invalid("", e.what());
    }
    return r;
}

} // namespace lw::serve
