#include "core/tokenizer/bpe_files.h"

#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <filesystem>

namespace lw::tokenizer {
namespace {

namespace fs = std::filesystem;

bool isFile(const fs::path& p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

// nlohmann reports no positions for values, so a bad entry is found again by its key
// (spelled either with \u escapes, as encoder.json does, or as plain UTF-8).
int64_t lineOfKey(const std::string& text, const std::string& key)
{
    for (bool ascii : {true, false}) {
        std::string quoted = util::Json(key).dump(-1, ' ', ascii) + ":";
        size_t at = text.find(quoted);
        if (at == std::string::npos)
            at = text.find(util::Json(key).dump(-1, ' ', ascii));
        if (at != std::string::npos)
            return util::lineAndColumn(text, at).first;
    }
    return 0;
}

std::vector<std::string> readVocab(const std::string& path)
{
    std::string text = util::readFile(path);
    util::Json json = util::parseJson(text, path);
    if (!json.is_object())
        throw Error::inFile(path, std::string("expected a JSON object mapping tokens to ids, got ") + json.type_name(), 1);
    if (json.empty())
        throw Error::inFile(path, "the vocabulary is empty", 1);
    const size_t count = json.size();
    std::vector<std::string> tokens(count);
    std::vector<bool> seen(count, false);
    for (auto it = json.begin(); it != json.end(); ++it) {
        const std::string& token = it.key();
        auto describe = [&] { return "token " + util::Json(token).dump() + ": "; };
        if (!it->is_number_integer())
            throw Error::inFile(path, describe() + "expected an integer id, got " + std::string(it->type_name()),
                                lineOfKey(text, token));
        int64_t id = it->get<int64_t>();
        if (id < 0 || static_cast<uint64_t>(id) >= count)
            throw Error::inFile(path, describe() + "id " + std::to_string(id) + " is outside 0.." +
                                          std::to_string(count - 1) + " (ids must be dense)",
                                lineOfKey(text, token));
        if (seen[id])
            throw Error::inFile(path, describe() + "id " + std::to_string(id) + " is also used by token " +
                                          util::Json(tokens[id]).dump(),
                                lineOfKey(text, token));
        if (token.empty())
            throw Error::inFile(path, "a token is the empty string", lineOfKey(text, token));
        seen[id] = true;
        tokens[id] = token;
    }
    return tokens;
}

void readMerges(const std::string& path, BpeFiles& files)
{
    std::string text = util::readFile(path);
    if (text.empty())
        throw Error::inFile(path, "the file is empty (expected \"#version: 0.2\" and one merge per line)");
    int64_t lineNumber = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        std::string_view line(text.data() + pos, end - pos);
        pos = end + 1;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty() || (lineNumber == 1 && line.substr(0, 8) == "#version"))
            continue;
        size_t space = line.find(' ');
        if (space == 0 || space == std::string_view::npos || space + 1 == line.size() ||
            line.find(' ', space + 1) != std::string_view::npos)
            throw Error::inFile(path, "expected two tokens separated by one space, got " +
                                          util::Json(std::string(line)).dump(-1, ' ', false, util::Json::error_handler_t::replace),
                                lineNumber);
        files.merges.emplace_back(std::string(line.substr(0, space)), std::string(line.substr(space + 1)));
        files.mergeLines.push_back(lineNumber);
    }
}

std::string jsonString(const std::string& s)
{
    // ensure_ascii, like Python's json.dump that wrote GPT-2's encoder.json
    return util::Json(s).dump(-1, ' ', true);
}

} // namespace

std::pair<std::string, std::string> findBpeFiles(const std::string& folder)
{
    fs::path dir(folder);
    std::string vocab, merges;
    for (const char* name : {"vocab.json", "encoder.json"})
        if (vocab.empty() && isFile(dir / name))
            vocab = (dir / name).string();
    for (const char* name : {"merges.txt", "vocab.bpe"})
        if (merges.empty() && isFile(dir / name))
            merges = (dir / name).string();
    return {vocab, merges};
}

BpeFiles readBpeFiles(const std::string& folder)
{
    auto [vocabPath, mergesPath] = findBpeFiles(folder);
    if (vocabPath.empty())
        throw Error::inFile(folder, "no vocab.json or encoder.json in this folder");
    if (mergesPath.empty())
        throw Error::inFile(folder, "no merges.txt or vocab.bpe next to " + fs::path(vocabPath).filename().string());
    BpeFiles files;
    files.vocabPath = vocabPath;
    files.mergesPath = mergesPath;
    files.tokens = readVocab(vocabPath);
    readMerges(mergesPath, files);
    return files;
}

void writeBpeFiles(const std::string& folder, const std::vector<std::string>& tokens,
                   const std::vector<std::pair<std::string, std::string>>& merges)
{
    std::string vocab = "{";
    for (size_t id = 0; id < tokens.size(); ++id) {
        if (id > 0)
            vocab += ", ";
        vocab += jsonString(tokens[id]);
        vocab += ": ";
        vocab += std::to_string(id);
    }
    vocab += "}";
    std::string mergesText = "#version: 0.2\n";
    for (const auto& [left, right] : merges) {
        mergesText += left;
        mergesText += ' ';
        mergesText += right;
        mergesText += '\n';
    }
    fs::path dir(folder);
    util::writeFileAtomic((dir / "vocab.json").string(), vocab);
    util::writeFileAtomic((dir / "merges.txt").string(), mergesText);
}

} // namespace lw::tokenizer
