#pragma once
// Model folders for the Hugging Face folder tests: tokenizer_config.json with one of the
// templates of tests/core/generate/templates (written for these tests in the manner of
// a model family), and a small tokenizer.json that HfTokenizer loads: the family's
// special tokens as added tokens, then one token per printable ASCII character and
// newline, no merges, and optionally a post-processor that puts the BOS first.
#include "core/tokenizer/tokenizer_test_support.h"
#include "core/util/error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace lw::test {

struct ChatFamily {
    const char* name;
    const char* templateFile; // in tests/core/generate/templates
    const char* bosToken;     // "" for none
    const char* eosToken;
    std::vector<std::string> specialTokens; // besides bos and eos
    bool tokenizerAddsBos;                  // a post-processor puts the BOS before text
};

inline const std::vector<ChatFamily>& chatFamilies()
{
    static const std::vector<ChatFamily> families = {
        {"llama3", "header_turns.jinja", "<|begin_of_text|>", "<|end_of_text|>",
         {"<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"}, true},
        {"qwen25", "im_blocks_default_system.jinja", "", "<|endoftext|>", {"<|im_start|>", "<|im_end|>"}, false},
        {"mistral", "inst_pairs.jinja", "<s>", "</s>", {"<unk>", "[INST]", "[/INST]"}, true},
        {"smollm", "im_blocks_plain.jinja", "<|im_start|>", "<|im_end|>", {"<|endoftext|>"}, false},
        {"tinyllama", "role_tags.jinja", "<s>", "</s>", {"<unk>"}, true},
    };
    return families;
}

inline const ChatFamily& chatFamily(const std::string& name)
{
    for (const ChatFamily& f : chatFamilies())
        if (name == f.name)
            return f;
    throw std::runtime_error("no test family " + name);
}

inline std::string templateSource(const std::string& file)
{
    return readWholeFile(std::string(sourceDir()) + "/tests/core/generate/templates/" + file);
}

inline void writeJson(const std::string& path, const nlohmann::json& value)
{
    std::ofstream(path, std::ios::binary) << value.dump(2);
}

inline nlohmann::json tokenizerJson(const ChatFamily& family)
{
    std::vector<std::string> specials = family.specialTokens;
    for (const char* token : {family.bosToken, family.eosToken})
        if (*token)
            specials.push_back(token);
    nlohmann::json vocab = nlohmann::json::object();
    nlohmann::json added = nlohmann::json::array();
    for (const std::string& s : specials) {
        added.push_back({{"id", int(vocab.size())}, {"content", s}, {"single_word", false}, {"lstrip", false},
                         {"rstrip", false}, {"normalized", false}, {"special", true}});
        vocab[s] = int(vocab.size());
    }
    for (int c = 32; c < 127; ++c)
        vocab[std::string(1, char(c))] = int(vocab.size());
    vocab["\n"] = int(vocab.size());
    nlohmann::json root = {{"version", "1.0"},
                           {"added_tokens", added},
                           {"normalizer", nullptr},
                           {"pre_tokenizer", nullptr},
                           {"decoder", nullptr},
                           {"post_processor", nullptr},
                           {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", nlohmann::json::array()}}}};
    if (family.tokenizerAddsBos)
        root["post_processor"] = {
            {"type", "TemplateProcessing"},
            {"single", {{{"SpecialToken", {{"id", family.bosToken}, {"type_id", 0}}}},
                        {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
            {"special_tokens", {{family.bosToken, {{"id", family.bosToken}, {"ids", {vocab[family.bosToken]}},
                                                  {"tokens", {family.bosToken}}}}}}};
    return root;
}

// tokenizer_config.json with the family's template and tokens (the EOS written as a
// {"content": ...} object, as many folders do), and tokenizer.json, in `folder`.
inline void writeChatFolder(const std::string& folder, const ChatFamily& family)
{
    nlohmann::json config = {{"chat_template", templateSource(family.templateFile)},
                             {"eos_token", {{"content", family.eosToken}, {"special", true}}},
                             {"bos_token", *family.bosToken ? nlohmann::json(family.bosToken) : nlohmann::json()}};
    writeJson(folder + "/tokenizer_config.json", config);
    writeJson(folder + "/tokenizer.json", tokenizerJson(family));
}

// The message of the lw::Error that `f` throws, or "(no error)".
inline QString lwErrorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const lw::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return "(no error)";
}

} // namespace lw::test
