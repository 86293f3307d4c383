#include "core/gguf_model/gguf_tokenizer.h"

#include "core/util/error.h"

#include <algorithm>
#include <unordered_map>

namespace lw::gguf_model {

namespace {

using tokenizer::HfPreTokenizerStep;

const char* const kGpt2Pattern = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
const char* const kLlama3Pattern = R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const char* const kQwen2Pattern = R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

HfPreTokenizerStep byteLevel(bool useRegex)
{
    HfPreTokenizerStep s;
    s.kind = HfPreTokenizerStep::Kind::ByteLevel;
    s.addPrefixSpace = false;
    s.useRegex = useRegex;
    return s;
}

HfPreTokenizerStep split(const char* pattern)
{
    HfPreTokenizerStep s;
    s.kind = HfPreTokenizerStep::Kind::Split;
    s.pattern = {pattern, true};
    s.behavior = tokenizer::HfSplitBehavior::Isolated;
    return s;
}

HfPreTokenizerStep digits()
{
    HfPreTokenizerStep s;
    s.kind = HfPreTokenizerStep::Kind::Digits;
    s.individualDigits = true;
    return s;
}

// llama.cpp's names (llama-vocab.cpp) for the pre-tokenizers we reproduce. "default"
// is read as GPT-2's pattern: llama.cpp's own default list also cuts punctuation runs
// and three-digit groups apart, which no Hugging Face tokenizer of our families does.
const std::vector<std::pair<std::vector<std::string>, std::string>>& preTokenizerFamilies()
{
    static const std::vector<std::pair<std::vector<std::string>, std::string>> table = {
        {{"gpt-2", "default", "phi-2", "mpt", "olmo"}, "gpt2"},
        {{"llama-bpe", "llama3", "llama-v3"}, "llama3"},
        {{"qwen2", "deepseek-r1-qwen", "stablelm2"}, "qwen2"},
        {{"smollm", "starcoder", "refact"}, "smollm"},
    };
    return table;
}

std::optional<std::string> familyOfPre(const std::string& pre)
{
    for (const auto& [names, family] : preTokenizerFamilies())
        if (std::find(names.begin(), names.end(), pre) != names.end())
            return family;
    return std::nullopt;
}

size_t utf8Length(unsigned char lead)
{
    return lead < 0x80 ? 1 : lead >> 5 == 0x6 ? 2 : lead >> 4 == 0xE ? 3 : lead >> 3 == 0x1E ? 4 : 1;
}

// Sentencepiece scores to merges: every split (at a character boundary) of a normal
// token into two tokens, ranked by the token's score, best first; equal scores keep the
// token order and, within a token, the order of the parts' ids.
std::vector<std::pair<std::string, std::string>> mergesFromScores(const std::vector<std::string>& tokens,
                                                                  const std::vector<float>& scores,
                                                                  const std::vector<int32_t>& types)
{
    std::unordered_map<std::string, int32_t> idOf;
    for (size_t i = 0; i < tokens.size(); ++i)
        idOf.emplace(tokens[i], int32_t(i));
    struct Candidate {
        float score;
        int32_t token, left, right;
    };
    std::vector<Candidate> candidates;
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (types[i] != int32_t(GgufTokenType::Normal))
            continue;
        const std::string& t = tokens[i];
        std::vector<Candidate> local;
        for (size_t at = utf8Length(t[0]); at < t.size(); at += utf8Length(t[at])) {
            auto l = idOf.find(t.substr(0, at)), r = idOf.find(t.substr(at));
            if (l != idOf.end() && r != idOf.end())
                local.push_back({scores[i], int32_t(i), l->second, r->second});
        }
        std::sort(local.begin(), local.end(), [](const Candidate& a, const Candidate& b) {
            return std::pair(a.left, a.right) < std::pair(b.left, b.right);
        });
        candidates.insert(candidates.end(), local.begin(), local.end());
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    std::vector<std::pair<std::string, std::string>> merges;
    merges.reserve(candidates.size());
    for (const Candidate& c : candidates)
        merges.emplace_back(tokens[size_t(c.left)], tokens[size_t(c.right)]);
    return merges;
}

template <class T>
std::vector<T> arrayOf(const gguf::GgufFile& file, const std::string& key, size_t count)
{
    std::vector<T> v = file.get<std::vector<T>>(key);
    if (v.size() != count)
        throw Error::inFile(file.path(), "key '" + key + "': " + std::to_string(v.size()) + " entries for " +
                                             std::to_string(count) + " tokens");
    return v;
}

std::optional<int32_t> tokenIdKey(const gguf::GgufFile& file, const std::string& key, size_t count)
{
    const gguf::GgufValue* v = file.find(key);
    if (!v)
        return std::nullopt;
    const std::string where = file.path() + ": key '" + key + "'";
    const int64_t id = v->type() == gguf::GgufValueType::I32 ? v->as<int32_t>(where) : v->as<uint32_t>(where);
    if (id < 0 || uint64_t(id) >= count)
        throw Error::inFile(file.path(), "key '" + key + "': id " + std::to_string(id) + " is not below the " +
                                             std::to_string(count) + " tokens");
    return int32_t(id);
}

std::optional<bool> flagKey(const gguf::GgufFile& file, const std::string& key)
{
    if (!file.has(key))
        return std::nullopt;
    return file.get<bool>(key);
}

void addSpmSteps(tokenizer::HfTokenizerSpec& spec, bool addSpacePrefix)
{
    using N = tokenizer::HfNormalizerStep;
    using D = tokenizer::HfDecoderStep;
    const std::string space = "\xE2\x96\x81";
    if (addSpacePrefix) {
        N prepend;
        prepend.kind = N::Kind::Prepend;
        prepend.content = space;
        spec.normalizers.push_back(prepend);
    }
    N replace;
    replace.kind = N::Kind::Replace;
    replace.pattern = {" ", false};
    replace.content = space;
    spec.normalizers.push_back(replace);
    D toSpace;
    toSpace.kind = D::Kind::Replace;
    toSpace.pattern = {space, false};
    toSpace.content = " ";
    D bytes;
    bytes.kind = D::Kind::ByteFallback;
    D fuse;
    fuse.kind = D::Kind::Fuse;
    spec.decoders = {toSpace, bytes, fuse};
    if (addSpacePrefix) {
        D strip;
        strip.kind = D::Kind::Strip;
        strip.content = " ";
        strip.stripStart = 1;
        spec.decoders.push_back(strip);
    }
}

} // namespace

std::vector<std::string> knownGgufPreTokenizers()
{
    std::vector<std::string> out;
    for (const auto& entry : preTokenizerFamilies())
        out.insert(out.end(), entry.first.begin(), entry.first.end());
    return out;
}

bool preTokenizerSteps(const std::string& pre, std::vector<HfPreTokenizerStep>& steps, bool& ignoreMerges)
{
    const std::optional<std::string> family = familyOfPre(pre);
    if (!family)
        return false;
    ignoreMerges = *family == "llama3";
    if (*family == "gpt2")
        steps = {byteLevel(true)};
    else if (*family == "llama3")
        steps = {split(kLlama3Pattern), byteLevel(false)};
    else if (*family == "qwen2")
        steps = {split(kQwen2Pattern), byteLevel(false)};
    else
        steps = {digits(), byteLevel(true)};
    return true;
}

GgufTokenizer loadGgufTokenizer(const gguf::GgufFile& file)
{
    GgufTokenizer out;
    out.model = file.get<std::string>("tokenizer.ggml.model");
    if (out.model != "gpt2" && out.model != "llama")
        throw Error::inFile(file.path(), "key 'tokenizer.ggml.model': '" + out.model +
                                             "' is not supported (gpt2 and llama are)");
    const std::vector<std::string> tokens = file.get<std::vector<std::string>>("tokenizer.ggml.tokens");
    const size_t n = tokens.size();
    if (n == 0)
        throw Error::inFile(file.path(), "key 'tokenizer.ggml.tokens': empty");
    std::vector<int32_t> types(n, int32_t(GgufTokenType::Normal));
    if (file.has("tokenizer.ggml.token_type"))
        types = arrayOf<int32_t>(file, "tokenizer.ggml.token_type", n);

    tokenizer::HfTokenizerSpec spec;
    spec.model.tokens = tokens;
    if (out.model == "gpt2") {
        out.pre = file.has("tokenizer.ggml.pre") ? file.get<std::string>("tokenizer.ggml.pre") : "default";
        if (!preTokenizerSteps(out.pre, spec.preTokenizers, spec.model.ignoreMerges)) {
            std::string known;
            for (const std::string& k : knownGgufPreTokenizers())
                known += (known.empty() ? "" : ", ") + k;
            throw Error::inFile(file.path(), "key 'tokenizer.ggml.pre': '" + out.pre +
                                                 "' is not a pre-tokenizer we reproduce (known: " + known + ")");
        }
        const std::vector<std::string> merges = file.get<std::vector<std::string>>("tokenizer.ggml.merges");
        spec.model.merges.reserve(merges.size());
        for (size_t i = 0; i < merges.size(); ++i) {
            const size_t space = merges[i].find(' ', 1);
            if (space == std::string::npos)
                throw Error::inFile(file.path(), "key 'tokenizer.ggml.merges': entry " + std::to_string(i) +
                                                     " is not two tokens separated by a space");
            spec.model.merges.emplace_back(merges[i].substr(0, space), merges[i].substr(space + 1));
        }
        tokenizer::HfDecoderStep decoder;
        decoder.kind = tokenizer::HfDecoderStep::Kind::ByteLevel;
        spec.decoders = {decoder};
    } else {
        const std::vector<float> scores = arrayOf<float>(file, "tokenizer.ggml.scores", n);
        spec.model.merges = mergesFromScores(tokens, scores, types);
        // Characters outside the vocabulary become <0xNN> tokens when the vocabulary has
        // them, and the unknown token otherwise (as in llama.cpp).
        spec.model.byteFallback = std::find(tokens.begin(), tokens.end(), "<0x00>") != tokens.end();
        spec.model.fuseUnk = true;
        addSpmSteps(spec, flagKey(file, "tokenizer.ggml.add_space_prefix").value_or(true));
    }

    out.bosId = tokenIdKey(file, "tokenizer.ggml.bos_token_id", n);
    out.eosId = tokenIdKey(file, "tokenizer.ggml.eos_token_id", n);
    out.unknownId = tokenIdKey(file, "tokenizer.ggml.unknown_token_id", n);
    out.paddingId = tokenIdKey(file, "tokenizer.ggml.padding_token_id", n);
    if (out.model == "llama" && !out.unknownId)
        for (size_t i = 0; i < n && !out.unknownId; ++i)
            if (types[i] == int32_t(GgufTokenType::Unknown))
                out.unknownId = int32_t(i);
    if (out.unknownId && out.model == "llama")
        spec.model.unkToken = tokens[size_t(*out.unknownId)];
    // llama.cpp adds bos by default for sentencepiece vocabularies and Llama 3's.
    const bool defaultBos = out.model == "llama" || familyOfPre(out.pre).value_or("") == "llama3";
    out.addBos = flagKey(file, "tokenizer.ggml.add_bos_token").value_or(defaultBos) && out.bosId.has_value();
    spec.addBosToken = out.addBos;
    if (out.addBos)
        spec.bosPrefix = {*out.bosId};
    if (out.bosId)
        spec.bosToken = tokens[size_t(*out.bosId)];
    if (out.eosId)
        spec.eosToken = tokens[size_t(*out.eosId)];

    // Control, user-defined and unknown tokens are matched whole in the text, as
    // llama.cpp's tokenizer does before it splits the rest.
    for (size_t i = 0; i < n; ++i) {
        const auto type = GgufTokenType(types[i]);
        if (type != GgufTokenType::Control && type != GgufTokenType::UserDefined && type != GgufTokenType::Unknown)
            continue;
        if (tokens[i].empty())
            continue;
        tokenizer::HfAddedToken added;
        added.id = int32_t(i);
        added.content = tokens[i];
        added.special = type != GgufTokenType::UserDefined;
        spec.addedTokens.push_back(added);
    }
    if (const gguf::GgufValue* chat = file.find("tokenizer.chat_template"))
        out.chatTemplate = chat->as<std::string>(file.path() + ": key 'tokenizer.chat_template'");
    try {
        out.tokenizer = std::make_unique<tokenizer::HfTokenizer>(std::move(spec), file.path());
    } catch (const Error& e) {
        throw Error::inFile(file.path(), std::string("tokenizer.ggml.*: ") + e.what());
    }
    return out;
}

} // namespace lw::gguf_model
