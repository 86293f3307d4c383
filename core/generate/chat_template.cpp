#include "core/generate/chat_template.h"

#include "core/generate/chat_template_jinja.h"

#include "core/util/error.h"
#include "core/util/json_io.h"

#include <filesystem>
#include <set>

namespace lw::generate {

namespace {

// A format split into literal text and placeholders ("content", "role").
struct FormatPart {
    bool placeholder = false;
    std::string text; // literal text, or the placeholder's name
};

std::vector<FormatPart> parseFormat(const std::string& format, const std::string& field)
{
    std::vector<FormatPart> parts;
    std::string literal;
    for (size_t i = 0; i < format.size(); ++i) {
        const char c = format[i];
        if ((c == '{' || c == '}') && i + 1 < format.size() && format[i + 1] == c) {
            literal += c; // "{{" or "}}"
            ++i;
        } else if (c == '{') {
            const size_t close = format.find('}', i);
            if (close == std::string::npos)
                throw Error::inField(field, "unclosed '{' at offset " + std::to_string(i) + " (write {{ for a brace)");
            const std::string name = format.substr(i + 1, close - i - 1);
            if (name != "content" && name != "role")
                throw Error::inField(field, "unknown placeholder {" + name + "} (known: {content}, {role})");
            if (!literal.empty())
                parts.push_back({false, literal});
            literal.clear();
            parts.push_back({true, name});
            i = close;
        } else if (c == '}') {
            throw Error::inField(field, "lone '}' at offset " + std::to_string(i) + " (write }} for a brace)");
        } else {
            literal += c;
        }
    }
    if (!literal.empty())
        parts.push_back({false, literal});
    return parts;
}

std::string fillParts(const std::vector<FormatPart>& parts, size_t begin, size_t end, const std::string& role,
                      const std::string& content)
{
    std::string out;
    for (size_t i = begin; i < end; ++i)
        out += !parts[i].placeholder ? parts[i].text : parts[i].text == "role" ? role : content;
    return out;
}

// The assistant format around its first {content}: (before, after).
std::pair<std::string, std::string> splitAssistant(const std::string& format, const std::string& field)
{
    auto parts = parseFormat(format, field);
    for (size_t i = 0; i < parts.size(); ++i)
        if (parts[i].placeholder && parts[i].text == "content")
            return {fillParts(parts, 0, i, "assistant", ""), fillParts(parts, i + 1, parts.size(), "assistant", "")};
    throw Error::inField(field, "must contain {content}");
}

ChatTemplate makeTemplate(const char* name, const char* bos, const char* system, const char* user,
                          const char* assistant, const char* defaultSystem, std::vector<std::string> stop)
{
    ChatTemplate t;
    t.name = name;
    t.bos = bos;
    t.system = system;
    t.user = user;
    t.assistant = assistant;
    t.default_system = defaultSystem;
    t.stop = std::move(stop);
    return t;
}

} // namespace

std::string fillChatFormat(const std::string& format, const std::string& role, const std::string& content,
                           const std::string& field)
{
    auto parts = parseFormat(format, field);
    return fillParts(parts, 0, parts.size(), role, content);
}

std::vector<ChatSegment> ChatTemplate::renderSegments(const std::vector<ChatMessage>& messages,
                                                      bool addGenerationPrompt) const
{
    if (isJinja()) // parsing it is its validation
        return renderJinjaChatSegments(*this, messages, addGenerationPrompt);
    validate();
    std::vector<ChatSegment> segments;
    if (!bos.empty())
        segments.push_back({bos, "", false});
    std::vector<ChatMessage> all;
    if (!default_system.empty() && (messages.empty() || messages.front().role != "system"))
        all.push_back({"system", default_system});
    all.insert(all.end(), messages.begin(), messages.end());
    const auto [cue, end] = splitAssistant(assistant, "chat_template.assistant");
    for (size_t i = 0; i < all.size(); ++i) {
        const ChatMessage& m = all[i];
        if (m.role == "system") {
            segments.push_back({fillChatFormat(system, m.role, m.content), m.role, false});
        } else if (m.role == "user") {
            segments.push_back({fillChatFormat(user, m.role, m.content), m.role, false});
        } else if (m.role == "assistant") {
            if (!cue.empty())
                segments.push_back({cue, m.role, false});
            segments.push_back({m.content + end, m.role, true});
        } else {
            throw Error::inField("messages[" + std::to_string(i) + "].role",
                                 "unknown role '" + m.role + "' (expected system, user or assistant)");
        }
    }
    if (addGenerationPrompt && !cue.empty())
        segments.push_back({cue, "assistant", false});
    return segments;
}

std::string ChatTemplate::render(const std::vector<ChatMessage>& messages, bool addGenerationPrompt) const
{
    if (isJinja())
        return renderJinjaChat(*this, messages, addGenerationPrompt);
    std::string out;
    for (const ChatSegment& s : renderSegments(messages, addGenerationPrompt))
        out += s.text;
    return out;
}

std::string ChatTemplate::generationPrompt() const
{
    if (isJinja())
        return jinjaGenerationPrompt(*this);
    return splitAssistant(assistant, "chat_template.assistant").first;
}

bool ChatTemplate::templateAddsBos() const
{
    return isJinja() ? jinjaWritesBos(*this) : !bos.empty();
}

void ChatTemplate::validate(const std::string& context) const
{
    if (name.empty())
        throw Error::inField(context + ".name", "must not be empty");
    if (isJinja()) {
        validateJinjaChat(*this, context);
    } else {
        parseFormat(system, context + ".system");
        parseFormat(user, context + ".user");
        splitAssistant(assistant, context + ".assistant");
    }
    for (size_t i = 0; i < stop.size(); ++i)
        if (stop[i].empty())
            throw Error::inField(context + ".stop", "stop string " + std::to_string(i + 1) + " is empty");
}

nlohmann::json ChatTemplate::toJson() const
{
    if (isJinja())
        return {{"name", name}, {"jinja", jinja}, {"bos_token", bos_token}, {"eos_token", eos_token}, {"stop", stop}};
    return {{"name", name},     {"bos", bos},
            {"system", system}, {"user", user},
            {"assistant", assistant}, {"default_system", default_system},
            {"stop", stop}};
}

ChatTemplate ChatTemplate::fromJson(const nlohmann::json& json, const std::string& context)
{
    if (!json.is_object())
        throw Error::inField(context, "expected a JSON object");
    const bool jinjaForm = json.contains("jinja");
    static const std::set<std::string> placeholderFields = {"name",      "bos",           "system", "user",
                                                            "assistant", "default_system", "stop"};
    static const std::set<std::string> jinjaFields = {"name", "jinja", "bos_token", "eos_token", "stop"};
    const std::set<std::string>& known = jinjaForm ? jinjaFields : placeholderFields;
    for (auto it = json.begin(); it != json.end(); ++it)
        if (!known.count(it.key()))
            throw Error::inField(context + "." + it.key(),
                                 jinjaForm ? "unknown field (a Jinja template has name, jinja, bos_token, eos_token, stop)"
                                           : "unknown field");
    ChatTemplate t;
    auto text = [&](const char* key, std::string& out, bool required) {
        auto it = json.find(key);
        if (it == json.end()) {
            if (required)
                throw Error::inField(context + "." + key, "missing");
            return;
        }
        if (!it->is_string())
            throw Error::inField(context + "." + key, "expected a string");
        out = it->get<std::string>();
    };
    text("name", t.name, true);
    if (jinjaForm) {
        text("jinja", t.jinja, true);
        if (t.jinja.empty())
            throw Error::inField(context + ".jinja", "must not be empty");
        text("bos_token", t.bos_token, false);
        text("eos_token", t.eos_token, false);
    } else {
        text("bos", t.bos, false);
        text("system", t.system, true);
        text("user", t.user, true);
        text("assistant", t.assistant, true);
        text("default_system", t.default_system, false);
    }
    if (auto it = json.find("stop"); it != json.end()) {
        if (!it->is_array())
            throw Error::inField(context + ".stop", "expected a list of strings");
        for (const auto& s : *it) {
            if (!s.is_string())
                throw Error::inField(context + ".stop", "expected a list of strings");
            t.stop.push_back(s.get<std::string>());
        }
    }
    t.validate(context);
    return t;
}

const std::vector<std::string>& builtinChatTemplateNames()
{
    static const std::vector<std::string> names = {"chatml", "llama3", "alpaca"};
    return names;
}

ChatTemplate builtinChatTemplate(const std::string& name)
{
    if (name == "chatml")
        return makeTemplate("chatml", "", "<|im_start|>system\n{content}<|im_end|>\n",
                            "<|im_start|>user\n{content}<|im_end|>\n", "<|im_start|>assistant\n{content}<|im_end|>\n",
                            "", {"<|im_end|>", "<|im_start|>"});
    if (name == "llama3")
        return makeTemplate("llama3", "<|begin_of_text|>",
                            "<|start_header_id|>system<|end_header_id|>\n\n{content}<|eot_id|>",
                            "<|start_header_id|>user<|end_header_id|>\n\n{content}<|eot_id|>",
                            "<|start_header_id|>assistant<|end_header_id|>\n\n{content}<|eot_id|>", "",
                            {"<|eot_id|>", "<|end_of_text|>"});
    if (name == "alpaca")
        return makeTemplate("alpaca", "", "{content}\n\n", "### Instruction:\n{content}\n\n",
                            "### Response:\n{content}\n\n",
                            "Below is an instruction that describes a task. Write a response that appropriately "
                            "completes the request.",
                            {"### Instruction:", "### Response:"});
    std::string known;
    for (const auto& n : builtinChatTemplateNames())
        known += (known.empty() ? "" : ", ") + n;
    throw Error::inField("chat_template", "unknown template '" + name + "' (built in: " + known +
                                              "; or give the path of a template JSON file)");
}

ChatTemplate loadChatTemplate(const std::string& nameOrPath)
{
    for (const auto& n : builtinChatTemplateNames())
        if (n == nameOrPath)
            return builtinChatTemplate(n);
    if (!std::filesystem::exists(nameOrPath))
        return builtinChatTemplate(nameOrPath); // names the built-ins in its error
    return ChatTemplate::fromJson(util::readJsonFile(nameOrPath), nameOrPath);
}

} // namespace lw::generate
