#include "core/tokenizer/hf_tokenizer_json.h"

#include "core/util/error.h"
#include "core/util/json_io.h"

#include <filesystem>

namespace lw::tokenizer {
namespace {

using Json = nlohmann::json;

std::string describeType(const Json& j)
{
    return j.is_null() ? "null" : j.type_name();
}

const Json* optionalField(const Json& object, const char* key)
{
    auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string stringField(const Json& object, const char* key, const std::string& field)
{
    const Json* j = optionalField(object, key);
    if (!j || !j->is_string())
        throw Error::inField(field + "." + key, "expected a string, found " + (j ? describeType(*j) : "nothing"));
    return j->get<std::string>();
}

bool boolField(const Json& object, const char* key, bool fallback, const std::string& field)
{
    const Json* j = optionalField(object, key);
    if (!j)
        return fallback;
    if (!j->is_boolean())
        throw Error::inField(field + "." + key, "expected true or false, found " + describeType(*j));
    return j->get<bool>();
}

int32_t intField(const Json& object, const char* key, int32_t fallback, const std::string& field)
{
    const Json* j = optionalField(object, key);
    if (!j)
        return fallback;
    if (!j->is_number_integer() || j->get<int64_t>() < 0 || j->get<int64_t>() > INT32_MAX)
        throw Error::inField(field + "." + key, "expected a non-negative integer");
    return static_cast<int32_t>(j->get<int64_t>());
}

const Json& objectAt(const Json& j, const std::string& field)
{
    if (!j.is_object())
        throw Error::inField(field, "expected an object, found " + describeType(j));
    return j;
}

std::string typeOf(const Json& step, const std::string& field)
{
    return stringField(objectAt(step, field), "type", field);
}

HfPattern patternField(const Json& object, const std::string& field)
{
    const Json* p = optionalField(object, "pattern");
    const std::string where = field + ".pattern";
    if (!p || !p->is_object() || p->size() != 1)
        throw Error::inField(where, "expected {\"String\": ...} or {\"Regex\": ...}");
    HfPattern pattern;
    if (p->contains("String"))
        pattern.isRegex = false;
    else if (p->contains("Regex"))
        pattern.isRegex = true;
    else
        throw Error::inField(where, "expected {\"String\": ...} or {\"Regex\": ...}");
    pattern.text = stringField(*p, pattern.isRegex ? "Regex" : "String", where);
    return pattern;
}

// "always" / "first" / "never", or the older add_prefix_space flag.
HfPreTokenizerStep::Prepend prependScheme(const Json& object, const std::string& field)
{
    if (const Json* scheme = optionalField(object, "prepend_scheme")) {
        const std::string s = stringField(object, "prepend_scheme", field);
        if (s == "always")
            return HfPreTokenizerStep::Prepend::Always;
        if (s == "first")
            return HfPreTokenizerStep::Prepend::First;
        if (s == "never")
            return HfPreTokenizerStep::Prepend::Never;
        (void)scheme;
        throw Error::inField(field + ".prepend_scheme", "\"" + s + "\" is not always, first or never");
    }
    return boolField(object, "add_prefix_space", true, field) ? HfPreTokenizerStep::Prepend::Always
                                                                : HfPreTokenizerStep::Prepend::Never;
}

std::string oneCharacter(const Json& object, const char* key, const std::string& field)
{
    std::string s = stringField(object, key, field);
    if (s.empty())
        throw Error::inField(field + "." + key, "must not be empty");
    return s;
}

// Calls onStep(step, field) for each step, descending into Sequence steps.
template <typename OnStep>
void forEachStep(const Json& step, const std::string& field, const char* listKey, OnStep&& onStep)
{
    if (typeOf(step, field) != "Sequence") {
        onStep(step, field);
        return;
    }
    const Json* list = optionalField(step, listKey);
    if (!list || !list->is_array())
        throw Error::inField(field + "." + listKey, "expected an array");
    for (size_t i = 0; i < list->size(); ++i)
        forEachStep((*list)[i], field + "." + listKey + "[" + std::to_string(i) + "]", listKey, onStep);
}

void readNormalizer(const Json& root, HfTokenizerSpec& spec)
{
    const Json* n = optionalField(root, "normalizer");
    if (!n)
        return;
    forEachStep(*n, "normalizer", "normalizers", [&](const Json& step, const std::string& field) {
        using Kind = HfNormalizerStep::Kind;
        const std::string type = typeOf(step, field);
        HfNormalizerStep s;
        if (type == "NFC")
            s.kind = Kind::Nfc;
        else if (type == "NFKC")
            s.kind = Kind::Nfkc;
        else if (type == "NFD")
            s.kind = Kind::Nfd;
        else if (type == "NFKD")
            s.kind = Kind::Nfkd;
        else if (type == "Lowercase")
            s.kind = Kind::Lowercase;
        else if (type == "Strip") {
            s.kind = Kind::Strip;
            s.stripLeft = boolField(step, "strip_left", true, field);
            s.stripRight = boolField(step, "strip_right", true, field);
        } else if (type == "Replace") {
            s.kind = Kind::Replace;
            s.pattern = patternField(step, field);
            s.content = stringField(step, "content", field);
        } else if (type == "Prepend") {
            s.kind = Kind::Prepend;
            s.content = stringField(step, "prepend", field);
        } else {
            throw Error::inField(field + ".type", "normalizer \"" + type + "\" is not supported");
        }
        spec.normalizers.push_back(std::move(s));
    });
}

HfSplitBehavior behaviorField(const Json& step, const std::string& field)
{
    const std::string b = stringField(step, "behavior", field);
    if (b == "Removed")
        return HfSplitBehavior::Removed;
    if (b == "Isolated")
        return HfSplitBehavior::Isolated;
    if (b == "MergedWithPrevious")
        return HfSplitBehavior::MergedWithPrevious;
    if (b == "MergedWithNext")
        return HfSplitBehavior::MergedWithNext;
    if (b == "Contiguous")
        return HfSplitBehavior::Contiguous;
    throw Error::inField(field + ".behavior", "\"" + b + "\" is not a split behavior");
}

void readPreTokenizer(const Json& root, HfTokenizerSpec& spec)
{
    const Json* p = optionalField(root, "pre_tokenizer");
    if (!p)
        return;
    forEachStep(*p, "pre_tokenizer", "pretokenizers", [&](const Json& step, const std::string& field) {
        using Kind = HfPreTokenizerStep::Kind;
        const std::string type = typeOf(step, field);
        HfPreTokenizerStep s;
        if (type == "ByteLevel") {
            s.kind = Kind::ByteLevel;
            s.addPrefixSpace = boolField(step, "add_prefix_space", true, field);
            s.useRegex = boolField(step, "use_regex", true, field);
        } else if (type == "Split") {
            s.kind = Kind::Split;
            s.pattern = patternField(step, field);
            s.behavior = behaviorField(step, field);
            s.invert = boolField(step, "invert", false, field);
        } else if (type == "Digits") {
            s.kind = Kind::Digits;
            s.individualDigits = boolField(step, "individual_digits", false, field);
        } else if (type == "Metaspace") {
            s.kind = Kind::Metaspace;
            s.replacement = oneCharacter(step, "replacement", field);
            s.prependScheme = prependScheme(step, field);
            s.split = boolField(step, "split", true, field);
        } else if (type == "Whitespace") {
            s.kind = Kind::Whitespace;
        } else if (type == "WhitespaceSplit") {
            s.kind = Kind::WhitespaceSplit;
        } else {
            throw Error::inField(field + ".type", "pre-tokenizer \"" + type + "\" is not supported");
        }
        spec.preTokenizers.push_back(std::move(s));
    });
}

void readDecoder(const Json& root, HfTokenizerSpec& spec)
{
    const Json* d = optionalField(root, "decoder");
    if (!d)
        return;
    forEachStep(*d, "decoder", "decoders", [&](const Json& step, const std::string& field) {
        using Kind = HfDecoderStep::Kind;
        const std::string type = typeOf(step, field);
        HfDecoderStep s;
        if (type == "ByteLevel") {
            s.kind = Kind::ByteLevel;
        } else if (type == "Replace") {
            s.kind = Kind::Replace;
            s.pattern = patternField(step, field);
            s.content = stringField(step, "content", field);
        } else if (type == "ByteFallback") {
            s.kind = Kind::ByteFallback;
        } else if (type == "Fuse") {
            s.kind = Kind::Fuse;
        } else if (type == "Strip") {
            s.kind = Kind::Strip;
            s.content = oneCharacter(step, "content", field);
            s.stripStart = intField(step, "start", 0, field);
            s.stripStop = intField(step, "stop", 0, field);
        } else if (type == "Metaspace") {
            s.kind = Kind::Metaspace;
            s.replacement = oneCharacter(step, "replacement", field);
            s.prependScheme = prependScheme(step, field);
        } else {
            throw Error::inField(field + ".type", "decoder \"" + type + "\" is not supported");
        }
        spec.decoders.push_back(std::move(s));
    });
}

// The special token ids a post-processor puts before the first sequence.
std::vector<int32_t> bosPrefixOf(const Json& processor, const std::string& field)
{
    const std::string type = typeOf(processor, field);
    if (type == "ByteLevel")
        return {};
    if (type == "RobertaProcessing" || type == "BertProcessing") {
        const Json* cls = optionalField(processor, "cls");
        if (!cls || !cls->is_array() || cls->size() != 2 || !(*cls)[1].is_number_integer())
            throw Error::inField(field + ".cls", "expected [token, id]");
        return {(*cls)[1].get<int32_t>()};
    }
    if (type == "Sequence") {
        const Json* list = optionalField(processor, "processors");
        if (!list || !list->is_array())
            throw Error::inField(field + ".processors", "expected an array");
        std::vector<int32_t> prefix;
        for (size_t i = 0; i < list->size(); ++i) {
            auto part = bosPrefixOf((*list)[i], field + ".processors[" + std::to_string(i) + "]");
            prefix.insert(prefix.end(), part.begin(), part.end());
        }
        return prefix;
    }
    if (type != "TemplateProcessing")
        throw Error::inField(field + ".type", "post-processor \"" + type + "\" is not supported");
    const Json* single = optionalField(processor, "single");
    const Json* specials = optionalField(processor, "special_tokens");
    if (!single || !single->is_array())
        throw Error::inField(field + ".single", "expected an array");
    std::vector<int32_t> prefix;
    for (size_t i = 0; i < single->size(); ++i) {
        const std::string where = field + ".single[" + std::to_string(i) + "]";
        const Json& piece = objectAt((*single)[i], where);
        if (piece.contains("Sequence"))
            return prefix;
        const Json* special = optionalField(piece, "SpecialToken");
        if (!special)
            throw Error::inField(where, "expected {\"Sequence\": ...} or {\"SpecialToken\": ...}");
        const std::string name = stringField(*special, "id", where + ".SpecialToken");
        const Json* entry = specials && specials->is_object() ? optionalField(*specials, name.c_str()) : nullptr;
        const Json* ids = entry && entry->is_object() ? optionalField(*entry, "ids") : nullptr;
        if (!ids || !ids->is_array())
            throw Error::inField(field + ".special_tokens", "no ids for \"" + name + "\"");
        for (const Json& id : *ids) {
            if (!id.is_number_integer())
                throw Error::inField(field + ".special_tokens." + name + ".ids", "expected integers");
            prefix.push_back(id.get<int32_t>());
        }
    }
    throw Error::inField(field + ".single", "has no {\"Sequence\": {\"id\": \"A\"}}");
}

void readModel(const Json& root, HfBpeModelSpec& model)
{
    const Json* m = optionalField(root, "model");
    if (!m)
        throw Error::inField("model", "missing");
    objectAt(*m, "model");
    if (const Json* type = optionalField(*m, "type")) {
        const std::string t = stringField(*m, "type", "model");
        if (t != "BPE")
            throw Error::inField("model.type", "model \"" + t + "\" is not supported (only BPE)");
        (void)type;
    }
    if (const Json* dropout = optionalField(*m, "dropout"))
        throw Error::inField("model.dropout", "BPE dropout is not supported (must be null, found " + dropout->dump() + ")");
    for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"})
        if (const Json* affix = optionalField(*m, key))
            if (!affix->is_string() || !affix->get<std::string>().empty())
                throw Error::inField(std::string("model.") + key, "is not supported (must be null)");
    if (optionalField(*m, "unk_token"))
        model.unkToken = stringField(*m, "unk_token", "model");
    model.fuseUnk = boolField(*m, "fuse_unk", false, "model");
    model.byteFallback = boolField(*m, "byte_fallback", false, "model");
    model.ignoreMerges = boolField(*m, "ignore_merges", false, "model");

    const Json* vocab = optionalField(*m, "vocab");
    if (!vocab || !vocab->is_object())
        throw Error::inField("model.vocab", "expected an object from token to id");
    const int64_t limit = static_cast<int64_t>(vocab->size()) + (int64_t{1} << 16);
    for (auto it = vocab->begin(); it != vocab->end(); ++it) {
        const std::string field = "model.vocab[\"" + it.key() + "\"]";
        if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() >= limit)
            throw Error::inField(field, "expected an id from 0 to " + std::to_string(limit - 1) + ", found " + it->dump());
        const auto id = static_cast<size_t>(it->get<int64_t>());
        if (it.key().empty())
            throw Error::inField(field, "an empty token");
        if (id >= model.tokens.size())
            model.tokens.resize(id + 1);
        if (!model.tokens[id].empty())
            throw Error::inField(field, "id " + std::to_string(id) + " is also given to \"" + model.tokens[id] + "\"");
        model.tokens[id] = it.key();
    }

    const Json* merges = optionalField(*m, "merges");
    if (!merges)
        return;
    if (!merges->is_array())
        throw Error::inField("model.merges", "expected an array");
    model.merges.reserve(merges->size());
    for (size_t i = 0; i < merges->size(); ++i) {
        const Json& merge = (*merges)[i];
        const std::string field = "model.merges[" + std::to_string(i) + "]";
        if (merge.is_string()) {
            const std::string& line = merge.get_ref<const std::string&>();
            const size_t space = line.find(' ');
            if (space == std::string::npos || line.find(' ', space + 1) != std::string::npos)
                throw Error::inField(field, "expected \"left right\", found \"" + line + "\"");
            model.merges.emplace_back(line.substr(0, space), line.substr(space + 1));
        } else if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string()) {
            model.merges.emplace_back(merge[0].get<std::string>(), merge[1].get<std::string>());
        } else {
            throw Error::inField(field, "expected \"left right\" or [left, right]");
        }
    }
}

void readAddedTokens(const Json& root, HfTokenizerSpec& spec)
{
    const Json* list = optionalField(root, "added_tokens");
    if (!list)
        return;
    if (!list->is_array())
        throw Error::inField("added_tokens", "expected an array");
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string field = "added_tokens[" + std::to_string(i) + "]";
        const Json& t = objectAt((*list)[i], field);
        HfAddedToken token;
        const Json* id = optionalField(t, "id");
        if (!id || !id->is_number_integer() || id->get<int64_t>() < 0 || id->get<int64_t>() > INT32_MAX)
            throw Error::inField(field + ".id", "expected a non-negative integer");
        token.id = id->get<int32_t>();
        token.content = stringField(t, "content", field);
        token.special = boolField(t, "special", false, field);
        token.lstrip = boolField(t, "lstrip", false, field);
        token.rstrip = boolField(t, "rstrip", false, field);
        token.singleWord = boolField(t, "single_word", false, field);
        token.normalized = boolField(t, "normalized", !token.special, field);
        spec.addedTokens.push_back(std::move(token));
    }
}

std::optional<std::string> tokenName(const Json& config, const char* key)
{
    const Json* j = optionalField(config, key);
    if (!j)
        return std::nullopt;
    if (j->is_string())
        return j->get<std::string>();
    if (j->is_object())
        return stringField(*j, "content", key);
    throw Error::inField(key, "expected a string or {\"content\": ...}");
}

} // namespace

HfTokenizerSpec parseTokenizerJson(const Json& root)
{
    objectAt(root, "(top level)");
    HfTokenizerSpec spec;
    readModel(root, spec.model);
    readNormalizer(root, spec);
    readPreTokenizer(root, spec);
    readDecoder(root, spec);
    readAddedTokens(root, spec);
    if (const Json* processor = optionalField(root, "post_processor"))
        spec.bosPrefix = bosPrefixOf(*processor, "post_processor");
    return spec;
}

void applyTokenizerConfig(const Json& config, HfTokenizerSpec& spec)
{
    objectAt(config, "(top level)");
    if (auto bos = tokenName(config, "bos_token"))
        spec.bosToken = bos;
    if (auto eos = tokenName(config, "eos_token"))
        spec.eosToken = eos;
    if (optionalField(config, "add_bos_token"))
        spec.addBosToken = boolField(config, "add_bos_token", false, "tokenizer_config");
}

HfTokenizerSpec readTokenizerJson(const std::string& path)
{
    HfTokenizerSpec spec;
    try {
        spec = parseTokenizerJson(util::readJsonFile(path));
    } catch (const Error& e) {
        // readJsonFile's own errors already name the file.
        if (std::string(e.what()).rfind(path, 0) == 0)
            throw;
        throw Error::inFile(path, e.what());
    }
    const std::filesystem::path configPath = std::filesystem::path(path).parent_path() / "tokenizer_config.json";
    std::error_code ec;
    if (std::filesystem::is_regular_file(configPath, ec)) {
        const std::string config = configPath.string();
        try {
            applyTokenizerConfig(util::readJsonFile(config), spec);
        } catch (const Error& e) {
            if (std::string(e.what()).rfind(config, 0) == 0)
                throw;
            throw Error::inFile(config, e.what());
        }
    }
    return spec;
}

} // namespace lw::tokenizer
