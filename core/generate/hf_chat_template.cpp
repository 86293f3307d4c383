#include "core/generate/hf_chat_template.h"

#include "core/generate/chat_template_jinja.h"
#include "core/jinja/template.h"
#include "core/util/json_io.h"
#include "core/util/text_file.h"

#include <filesystem>

namespace lw::generate {

namespace {

namespace fs = std::filesystem;
using util::Json;

struct TemplateSource {
    std::string text;
    std::string origin; // the file (and field) it came from, for error messages
};

std::string tokenText(const Json& config, const char* key, const std::string& path)
{
    const auto it = config.find(key);
    if (it == config.end() || it->is_null())
        return "";
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
        return (*it)["content"].get<std::string>();
    throw Error::inFile(path, std::string("field \"") + key + "\": expected a string or {\"content\": \"...\"}");
}

TemplateSource namedTemplate(const Json& list, const std::string& path, const std::string& wanted)
{
    const std::string name = wanted.empty() ? "default" : wanted;
    std::string names;
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string field = "chat_template[" + std::to_string(i) + "]";
        const Json& entry = list[i];
        if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() ||
            !entry.contains("template") || !entry["template"].is_string())
            throw Error::inFile(path, "field \"" + field + "\": expected {\"name\": string, \"template\": string}");
        if (entry["name"].get<std::string>() == name)
            return {entry["template"].get<std::string>(), path + " " + field};
        names += (names.empty() ? "" : ", ") + entry["name"].get<std::string>();
    }
    throw Error::inFile(path, "field \"chat_template\": no template named '" + name + "' (the file has: " + names + ")");
}

TemplateSource findTemplate(const std::string& folder, const Json& config, const std::string& configPath,
                            const std::string& wanted)
{
    const fs::path jinjaPath = fs::path(folder) / "chat_template.jinja";
    if (fs::exists(jinjaPath))
        return {util::readTextFileUtf8(jinjaPath.string()), jinjaPath.string()};
    const auto it = config.find("chat_template");
    if (it == config.end() || it->is_null())
        throw NoChatTemplateError(folder + ": the model has no chat template (no chat_template.jinja, no "
                                           "\"chat_template\" in tokenizer_config.json); choose a template");
    if (it->is_string())
        return {it->get<std::string>(), configPath + " chat_template"};
    if (it->is_array())
        return namedTemplate(*it, configPath, wanted);
    throw Error::inFile(configPath, "field \"chat_template\": expected a string or a list of {\"name\", \"template\"}");
}

// The contents of the tokens marked special in tokenizer.json and in
// tokenizer_config.json's added_tokens_decoder.
std::vector<std::string> specialTokens(const std::string& folder, const Json& config)
{
    std::vector<std::string> tokens;
    auto take = [&tokens](const Json& entry) {
        if (entry.is_object() && entry.value("special", false) && entry.contains("content") &&
            entry["content"].is_string())
            tokens.push_back(entry["content"].get<std::string>());
    };
    const fs::path tokenizerPath = fs::path(folder) / "tokenizer.json";
    if (fs::exists(tokenizerPath)) {
        const Json tokenizer = util::readJsonFile(tokenizerPath.string());
        if (tokenizer.is_object() && tokenizer.contains("added_tokens") && tokenizer["added_tokens"].is_array())
            for (const Json& entry : tokenizer["added_tokens"])
                take(entry);
    }
    if (config.contains("added_tokens_decoder") && config["added_tokens_decoder"].is_object())
        for (const auto& item : config["added_tokens_decoder"].items())
            take(item.value());
    return tokens;
}

} // namespace

ChatTemplate chatTemplateFromHfFolder(const std::string& folder, const std::string& templateName)
{
    const std::string configPath = (fs::path(folder) / "tokenizer_config.json").string();
    Json config = Json::object();
    if (fs::exists(configPath)) {
        config = util::readJsonFile(configPath);
        if (!config.is_object())
            throw Error::inFile(configPath, "expected a JSON object");
    }
    const TemplateSource source = findTemplate(folder, config, configPath, templateName);
    if (source.text.empty())
        throw Error(source.origin + ": the chat template is empty");
    jinja::Template::parse(source.text, source.origin); // names the file, line and column

    ChatTemplate t;
    fs::path folderPath = fs::path(folder).lexically_normal();
    if (!folderPath.has_filename()) // "model/" names its last component too
        folderPath = folderPath.parent_path();
    const std::string folderName = folderPath.filename().string();
    t.name = (folderName.empty() || folderName == "." ? std::string("hf-model") : folderName) +
             (templateName.empty() ? "" : ":" + templateName);
    t.jinja = source.text;
    t.bos_token = tokenText(config, "bos_token", configPath);
    t.eos_token = tokenText(config, "eos_token", configPath);
    t.stop = deriveJinjaStopStrings(t, specialTokens(folder, config));
    return t;
}

} // namespace lw::generate
