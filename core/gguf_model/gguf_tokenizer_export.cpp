#include "core/gguf_model/gguf_tokenizer.h"

#include "core/tokenizer/byte_level_bpe_tokenizer.h"
#include "core/tokenizer/byte_unicode.h"
#include "core/util/error.h"

#include <unordered_map>

namespace lw::gguf_model {

namespace {

using gguf::GgufValue;
using tokenizer::HfPreTokenizerStep;

struct Vocabulary {
    std::string model; // "gpt2" | "llama"
    std::string pre;
    std::vector<std::string> tokens;
    std::vector<int32_t> types;
    std::vector<std::string> merges; // gpt2
    std::vector<float> scores;       // llama
    std::optional<int32_t> bos, eos, unknown;
    bool addBos = false;
    bool addSpacePrefix = true;
};

bool samePreTokenizers(const std::vector<HfPreTokenizerStep>& a, const std::vector<HfPreTokenizerStep>& b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        const HfPreTokenizerStep &x = a[i], &y = b[i];
        if (x.kind != y.kind || x.pattern.text != y.pattern.text || x.behavior != y.behavior ||
            x.invert != y.invert || x.individualDigits != y.individualDigits || x.addPrefixSpace != y.addPrefixSpace)
            return false;
        if (x.kind == HfPreTokenizerStep::Kind::ByteLevel && x.useRegex != y.useRegex)
            return false;
    }
    return true;
}

std::string preNameOf(const std::vector<HfPreTokenizerStep>& steps)
{
    for (const char* name : {"gpt-2", "llama-bpe", "qwen2", "smollm"}) {
        std::vector<HfPreTokenizerStep> known;
        bool ignoreMerges = false;
        preTokenizerSteps(name, known, ignoreMerges);
        if (samePreTokenizers(steps, known))
            return name;
    }
    throw Error::inField("tokenizer", "its pre-tokenizer matches none that llama.cpp names (GPT-2, Llama 3, Qwen2, "
                                      "SmolLM)");
}

bool isByteToken(const std::string& t)
{
    return t.size() == 6 && t.compare(0, 3, "<0x") == 0 && t[5] == '>';
}

Vocabulary vocabularyOf(const tokenizer::HfTokenizer& tok)
{
    const tokenizer::HfTokenizerSpec& spec = tok.spec();
    Vocabulary v;
    bool byteLevel = false;
    for (const HfPreTokenizerStep& s : spec.preTokenizers)
        byteLevel = byteLevel || s.kind == HfPreTokenizerStep::Kind::ByteLevel;
    v.model = byteLevel ? "gpt2" : "llama";
    size_t n = spec.model.tokens.size();
    for (const auto& a : spec.addedTokens)
        n = std::max(n, size_t(a.id) + 1);
    v.tokens.assign(n, "");
    v.types.assign(n, int32_t(GgufTokenType::Normal));
    for (size_t i = 0; i < spec.model.tokens.size(); ++i)
        v.tokens[i] = spec.model.tokens[i];
    for (const auto& a : spec.addedTokens) {
        v.tokens[size_t(a.id)] = a.content;
        v.types[size_t(a.id)] = int32_t(a.special ? GgufTokenType::Control : GgufTokenType::UserDefined);
    }
    for (size_t i = 0; i < n; ++i)
        if (v.tokens[i].empty()) {
            v.tokens[i] = "[PAD" + std::to_string(i) + "]";
            v.types[i] = int32_t(GgufTokenType::Unused);
        }
    v.bos = tok.bosId();
    v.eos = tok.eosId();
    v.addBos = tok.addsBosToken();
    if (byteLevel) {
        v.pre = preNameOf(spec.preTokenizers);
        for (const auto& [a, b] : spec.model.merges)
            v.merges.push_back(a + " " + b);
        return v;
    }
    // Sentencepiece-style: a merged token scores minus the rank of the first merge that
    // makes it, so merging by score best first repeats the merges' order.
    std::unordered_map<std::string, size_t> idOf;
    for (size_t i = 0; i < n; ++i)
        idOf.emplace(v.tokens[i], i);
    v.scores.assign(n, 0.0f);
    std::vector<char> scored(n, 0);
    for (size_t rank = 0; rank < spec.model.merges.size(); ++rank) {
        const auto& [a, b] = spec.model.merges[rank];
        auto it = idOf.find(a + b);
        if (it != idOf.end() && !scored[it->second]) {
            v.scores[it->second] = -float(rank + 1);
            scored[it->second] = 1;
        }
    }
    if (spec.model.unkToken)
        if (auto it = idOf.find(*spec.model.unkToken); it != idOf.end()) {
            v.unknown = int32_t(it->second);
            v.types[it->second] = int32_t(GgufTokenType::Unknown);
        }
    for (size_t i = 0; i < n; ++i)
        if (isByteToken(v.tokens[i]) && v.types[i] == int32_t(GgufTokenType::Normal))
            v.types[i] = int32_t(GgufTokenType::Byte);
    v.addSpacePrefix = false;
    for (const auto& s : spec.normalizers)
        v.addSpacePrefix = v.addSpacePrefix || s.kind == tokenizer::HfNormalizerStep::Kind::Prepend;
    for (const auto& s : spec.preTokenizers)
        v.addSpacePrefix = v.addSpacePrefix || (s.kind == HfPreTokenizerStep::Kind::Metaspace &&
                                                s.prependScheme != HfPreTokenizerStep::Prepend::Never);
    return v;
}

Vocabulary vocabularyOf(const tokenizer::ByteLevelBpeTokenizer& tok)
{
    Vocabulary v;
    v.model = "gpt2";
    v.pre = "gpt-2";
    const size_t n = size_t(tok.vocabSize());
    v.types.assign(n, int32_t(GgufTokenType::Normal));
    for (size_t i = 0; i < n; ++i)
        v.tokens.push_back(tokenizer::bytesToTokenText(tok.tokenBytes(int32_t(i))));
    for (const auto& [text, id] : tok.specialTokens()) {
        v.tokens[size_t(id)] = text;
        v.types[size_t(id)] = int32_t(GgufTokenType::Control);
    }
    for (const auto& m : tok.mergeTable().mergesByRank())
        v.merges.push_back(v.tokens[size_t(m[0])] + " " + v.tokens[size_t(m[1])]);
    v.eos = tok.eosId();
    v.bos = tok.eosId(); // GPT-2 starts documents with the same <|endoftext|>
    return v;
}

} // namespace

std::vector<std::pair<std::string, GgufValue>>
ggufTokenizerMetadata(const tokenizer::Tokenizer& tokenizer, int64_t vocabSize, const std::string& chatTemplate)
{
    Vocabulary v;
    if (const auto* hf = dynamic_cast<const tokenizer::HfTokenizer*>(&tokenizer))
        v = vocabularyOf(*hf);
    else if (const auto* bpe = dynamic_cast<const tokenizer::ByteLevelBpeTokenizer*>(&tokenizer))
        v = vocabularyOf(*bpe);
    else
        throw Error::inField("tokenizer", "a " + tokenizer.kind() +
                                              " tokenizer cannot be written to GGUF (save it as tokenizer.json first)");
    if (int64_t(v.tokens.size()) > vocabSize)
        throw Error::inField("tokenizer", std::to_string(v.tokens.size()) + " tokens do not fit the model's " +
                                              std::to_string(vocabSize) + " embedding rows");
    for (int64_t i = int64_t(v.tokens.size()); i < vocabSize; ++i) {
        v.tokens.push_back("[PAD" + std::to_string(i) + "]");
        v.types.push_back(int32_t(GgufTokenType::Unused));
        if (!v.scores.empty())
            v.scores.push_back(0.0f);
    }
    std::vector<std::pair<std::string, GgufValue>> out;
    out.emplace_back("tokenizer.ggml.model", GgufValue::string(v.model));
    if (v.model == "gpt2")
        out.emplace_back("tokenizer.ggml.pre", GgufValue::string(v.pre));
    out.emplace_back("tokenizer.ggml.tokens", GgufValue::stringArray(v.tokens));
    if (v.model == "llama")
        out.emplace_back("tokenizer.ggml.scores", GgufValue::f32Array(v.scores));
    out.emplace_back("tokenizer.ggml.token_type", GgufValue::i32Array(v.types));
    if (v.model == "gpt2")
        out.emplace_back("tokenizer.ggml.merges", GgufValue::stringArray(v.merges));
    if (v.bos)
        out.emplace_back("tokenizer.ggml.bos_token_id", GgufValue::u32(uint32_t(*v.bos)));
    if (v.eos)
        out.emplace_back("tokenizer.ggml.eos_token_id", GgufValue::u32(uint32_t(*v.eos)));
    if (v.unknown)
        out.emplace_back("tokenizer.ggml.unknown_token_id", GgufValue::u32(uint32_t(*v.unknown)));
    if (v.eos)
        out.emplace_back("tokenizer.ggml.padding_token_id", GgufValue::u32(uint32_t(*v.eos)));
    out.emplace_back("tokenizer.ggml.add_bos_token", GgufValue::boolean(v.addBos));
    if (v.model == "llama")
        out.emplace_back("tokenizer.ggml.add_space_prefix", GgufValue::boolean(v.addSpacePrefix));
    if (!chatTemplate.empty())
        out.emplace_back("tokenizer.chat_template", GgufValue::string(chatTemplate));
    return out;
}

} // namespace lw::gguf_model
