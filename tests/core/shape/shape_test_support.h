#pragma once
// What the shape tests share: GPT-2's tokenizer from the shared data, a byte-only
// tokenizer without an end-of-sequence token, records, and dataset version folders.
#include "core/generate/chat_template.h"
#include "core/records/dataset_version.h"
#include "core/records/record.h"
#include "core/records/record_file.h"
#include "core/tokenizer/byte_unicode.h"
#include "core/tokenizer/tokenizer.h"
#include "shared_data.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lw::test {

inline const tokenizer::Tokenizer& gpt2Tokenizer()
{
    static const auto tok = tokenizer::loadTokenizer(sharedDataPath("llms-from-scratch/gpt2-bpe"));
    return *tok;
}

// 256 byte tokens in GPT-2's order and no merges: every byte is one token and there is
// no end-of-sequence token.
inline std::unique_ptr<tokenizer::Tokenizer> byteTokenizerWithoutEos(const std::string& dir)
{
    std::filesystem::create_directories(dir);
    nlohmann::json vocab = nlohmann::json::object();
    int id = 0;
    for (uint8_t b : tokenizer::bytesInGpt2Order())
        vocab[tokenizer::bytesToTokenText(std::string(1, char(b)))] = id++;
    std::ofstream(dir + "/vocab.json") << vocab.dump();
    std::ofstream(dir + "/merges.txt") << "#version: 0.2\n";
    return tokenizer::loadTokenizer(dir);
}

inline generate::ChatTemplate customTemplate(const std::string& name, const std::string& user,
                                            const std::string& assistant, const std::vector<std::string>& stop)
{
    generate::ChatTemplate t;
    t.name = name;
    t.system = "{content}\n";
    t.user = user;
    t.assistant = assistant;
    t.stop = stop;
    return t;
}

using Turns = std::vector<std::pair<std::string, std::string>>; // (role, content)

inline records::Record chatRecord(const Turns& turns, int64_t line = 1)
{
    records::Record r;
    r.kind = records::RecordKind::Chat;
    for (const auto& [role, content] : turns)
        r.messages.push_back({role, content});
    r.source = {"chats.jsonl", line};
    return r;
}

inline records::Record textRecord(const std::string& text, int64_t line = 1)
{
    records::Record r;
    r.kind = records::RecordKind::Text;
    r.text = text;
    r.source = {"texts.jsonl", line};
    return r;
}

inline records::Record preferenceRecord(const Turns& prompt, const std::string& chosen, const std::string& rejected,
                                        int64_t line = 1)
{
    records::Record r = chatRecord(prompt, line);
    r.kind = records::RecordKind::Preference;
    r.chosen = {{"assistant", chosen}};
    r.rejected = {{"assistant", rejected}};
    r.source.file = "pairs.jsonl";
    return r;
}

inline records::Record choiceRecord(const std::string& question, const std::vector<std::string>& choices,
                                    int64_t answer, int64_t line = 1)
{
    records::Record r;
    r.kind = records::RecordKind::Choice;
    r.question = question;
    r.choices = choices;
    r.answer = answer;
    r.source = {"questions.csv", line};
    return r;
}

// A dataset version folder holding `rows` (all of one kind), as an import leaves it.
inline records::DatasetVersion writeVersion(const std::string& dir, const std::string& layout,
                                            const std::vector<records::Record>& rows)
{
    std::filesystem::create_directories(dir);
    records::DatasetVersion v;
    v.name = std::filesystem::path(dir).filename().string();
    v.dir = dir;
    v.kind = std::string(records::recordKindName(rows.front().kind));
    v.layout = layout;
    records::RecordWriter writer(v.recordsPath());
    for (const auto& r : rows)
        writer.write(r);
    v.rows = writer.count();
    v.recordsSha256 = writer.commit();
    v.toolVersion = records::toolVersion();
    v.createdAt = records::nowSeconds();
    records::writeManifest(v);
    return v;
}

} // namespace lw::test
