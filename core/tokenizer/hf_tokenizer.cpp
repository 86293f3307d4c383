#include "core/tokenizer/hf_tokenizer.h"

#include "core/tokenizer/hf_tokenizer_json.h"
#include "core/util/error.h"

namespace lw::tokenizer {
namespace {

// Ids past the entries by more than this are refused: an untrusted file must not make
// us allocate a table for a huge id.
constexpr int64_t kMaxIdGap = 1 << 16;

std::optional<int32_t> firstKnown(const std::unordered_map<std::string, int32_t>& ids,
                                  std::initializer_list<const char*> names)
{
    for (const char* name : names) {
        auto it = ids.find(name);
        if (it != ids.end())
            return it->second;
    }
    return std::nullopt;
}

} // namespace

std::unique_ptr<HfTokenizer> HfTokenizer::load(const std::string& tokenizerJsonPath)
{
    HfTokenizerSpec spec = readTokenizerJson(tokenizerJsonPath);
    try {
        return std::make_unique<HfTokenizer>(std::move(spec), tokenizerJsonPath);
    } catch (const Error& e) {
        throw Error::inFile(tokenizerJsonPath, e.what());
    }
}

HfTokenizer::HfTokenizer(HfTokenizerSpec spec, std::string sourcePath)
    : m_spec(std::move(spec)), m_sourcePath(std::move(sourcePath))
{
    m_normalizer = std::make_unique<HfNormalizer>(m_spec.normalizers, "normalizer");
    m_preTokenizer = std::make_unique<HfPreTokenizer>(m_spec.preTokenizers, "pre_tokenizer");
    m_model = std::make_unique<HfBpeModel>(m_spec.model, m_preTokenizer->byteLevel());
    m_decoder = std::make_unique<HfDecoder>(m_spec.decoders, "decoder");

    const int64_t entries = m_model->size() + static_cast<int64_t>(m_spec.addedTokens.size());
    int64_t size = m_model->size();
    for (size_t i = 0; i < m_spec.addedTokens.size(); ++i) {
        HfAddedToken& t = m_spec.addedTokens[i];
        const std::string field = "added_tokens[" + std::to_string(i) + "]";
        if (t.content.empty())
            throw Error::inField(field + ".content", "is empty");
        // As in `tokenizers`, a token the model already has keeps the model's id.
        if (auto inModel = m_model->idOf(t.content))
            t.id = *inModel;
        if (t.id < 0 || t.id > entries + kMaxIdGap)
            throw Error::inField(field + ".id", std::to_string(t.id) + " is out of range (the file has " +
                                                    std::to_string(entries) + " tokens)");
        if (!m_addedIdOf.emplace(t.content, t.id).second)
            throw Error::inField(field + ".content", "token \"" + t.content + "\" is added twice");
        size = std::max<int64_t>(size, int64_t{t.id} + 1);
    }
    m_tokenText.resize(static_cast<size_t>(size));
    m_isAdded.assign(static_cast<size_t>(size), 0);
    for (int32_t id = 0; id < m_model->size(); ++id)
        m_tokenText[id] = m_model->tokenText(id);
    for (size_t i = 0; i < m_spec.addedTokens.size(); ++i) {
        const HfAddedToken& t = m_spec.addedTokens[i];
        if (m_isAdded[t.id])
            throw Error::inField("added_tokens[" + std::to_string(i) + "].id",
                                 std::to_string(t.id) + " is given to two added tokens");
        m_tokenText[t.id] = t.content;
        m_isAdded[t.id] = 1;
    }
    m_added = std::make_unique<HfAddedTokens>(m_spec.addedTokens, *m_normalizer);

    for (int32_t id : m_spec.bosPrefix)
        if (id < 0 || id >= vocabSize())
            throw Error::inField("post_processor", "id " + std::to_string(id) + " is not in the vocabulary");
    auto resolve = [&](const std::optional<std::string>& name, const char* field) -> std::optional<int32_t> {
        if (!name)
            return std::nullopt;
        auto id = tokenId(*name);
        if (!id)
            throw Error::inField(field, "token \"" + *name + "\" is not in the vocabulary");
        return id;
    };
    m_bosId = resolve(m_spec.bosToken, "bos_token");
    m_eosId = resolve(m_spec.eosToken, "eos_token");
    if (!m_bosId && !m_spec.bosPrefix.empty())
        m_bosId = m_spec.bosPrefix.front();
    if (!m_bosId)
        m_bosId = firstKnown(m_addedIdOf, {"<s>", "<|begin_of_text|>"});
    if (!m_eosId)
        m_eosId = firstKnown(m_addedIdOf, {"<|endoftext|>", "</s>", "<|end_of_text|>", "<eos>"});
}

HfTokenizer::~HfTokenizer() = default;

std::optional<int32_t> HfTokenizer::tokenId(std::string_view token) const
{
    auto it = m_addedIdOf.find(std::string(token));
    if (it != m_addedIdOf.end())
        return it->second;
    return m_model->idOf(token);
}

void HfTokenizer::encodeText(std::string_view text, bool atTextStart, std::vector<int32_t>& out) const
{
    m_preTokenizer->split(text, atTextStart, [&](std::string_view piece) { m_model->encodePiece(piece, out); });
}

std::vector<int32_t> HfTokenizer::encode(std::string_view text, bool allowSpecial) const
{
    std::vector<int32_t> out;
    out.reserve(text.size() / 3 + 8);
    if (m_added->empty() && m_normalizer->empty()) {
        encodeText(text, true, out);
        return out;
    }
    std::vector<HfAddedTokens::Segment> raw;
    m_added->split(text, false, allowSpecial, raw);
    std::vector<HfAddedTokens::Segment> normalizedSegments;
    for (const auto& segment : raw) {
        if (segment.id >= 0) {
            out.push_back(segment.id);
            continue;
        }
        std::string_view piece = text.substr(segment.begin, segment.end - segment.begin);
        const std::string normalized = m_normalizer->empty() ? std::string() : m_normalizer->apply(piece);
        std::string_view after = m_normalizer->empty() ? piece : std::string_view(normalized);
        normalizedSegments.clear();
        m_added->split(after, true, allowSpecial, normalizedSegments);
        for (const auto& inner : normalizedSegments) {
            if (inner.id >= 0)
                out.push_back(inner.id);
            else
                encodeText(after.substr(inner.begin, inner.end - inner.begin), segment.begin == 0 && inner.begin == 0,
                           out);
        }
    }
    return out;
}

void HfTokenizer::checkId(int32_t id) const
{
    if (id < 0 || id >= vocabSize())
        throw Error("token id " + std::to_string(id) + " is out of range: the vocabulary of " + m_sourcePath + " has " +
                    std::to_string(vocabSize()) + " tokens (ids 0.." + std::to_string(vocabSize() - 1) + ")");
}

std::string HfTokenizer::decode(const std::vector<int32_t>& ids) const
{
    for (int32_t id : ids)
        checkId(id);
    if (m_decoder->onlyByteLevel() && m_model->byteLevel()) {
        std::string text;
        for (int32_t id : ids)
            text += m_isAdded[id] || id >= m_model->size() ? std::string_view(m_tokenText[id]) : m_model->tokenBytes(id);
        return text;
    }
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (int32_t id : ids)
        if (!m_tokenText[id].empty()) // an unused id, which `tokenizers` leaves out
            tokens.push_back(m_tokenText[id]);
    return m_decoder->decode(std::move(tokens));
}

std::string HfTokenizer::tokenBytes(int32_t id) const
{
    checkId(id);
    if (m_isAdded[id] || id >= m_model->size())
        return m_tokenText[id];
    if (m_model->byteLevel())
        return std::string(m_model->tokenBytes(id));
    return m_decoder->decodeOne(m_tokenText[id]);
}

} // namespace lw::tokenizer
