#include "core/tokenizer/hf_bpe_model.h"

#include "core/tokenizer/byte_unicode.h"
#include "core/tokenizer/hf_unicode.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <cstdio>

namespace lw::tokenizer {
namespace {

// Pieces longer than this are merged every time rather than cached (long runs of one
// character would crowd the cache).
constexpr size_t kMaxCachedPieceBytes = 128;

std::string asJsonString(const std::string& text)
{
    return util::Json(text).dump(-1, ' ', false, util::Json::error_handler_t::replace);
}

std::string byteTokenName(int byte)
{
    char name[8];
    std::snprintf(name, sizeof name, "<0x%02X>", byte);
    return name;
}

} // namespace

HfBpeModel::HfBpeModel(const HfBpeModelSpec& spec, bool byteLevel)
    : m_byteLevel(byteLevel), m_ignoreMerges(spec.ignoreMerges), m_byteFallback(spec.byteFallback),
      m_fuseUnk(spec.fuseUnk), m_tokens(spec.tokens)
{
    const auto count = static_cast<int32_t>(m_tokens.size());
    m_idOfText.reserve(m_tokens.size());
    for (int32_t id = 0; id < count; ++id)
        if (!m_tokens[id].empty() && !m_idOfText.emplace(m_tokens[id], id).second)
            throw Error::inField("model.vocab", "token " + asJsonString(m_tokens[id]) + " appears twice");

    if (spec.unkToken) {
        auto it = m_idOfText.find(*spec.unkToken);
        if (it == m_idOfText.end())
            throw Error::inField("model.unk_token", "token " + asJsonString(*spec.unkToken) + " is not in the vocabulary");
        m_unkId = it->second;
    }

    m_byteIds.fill(-1);
    if (m_byteLevel) {
        for (int b = 0; b < 256; ++b) {
            std::string spelled = bytesToTokenText(std::string(1, static_cast<char>(b)));
            auto it = m_idOfText.find(spelled);
            if (it == m_idOfText.end())
                throw Error::inField("model.vocab", "no token for byte " + std::to_string(b) + " (spelled " + asJsonString(spelled) +
                                                        "), which a ByteLevel pre-tokenizer needs");
            m_byteIds[b] = it->second;
        }
    } else {
        for (int b = 0; b < 256; ++b) {
            auto it = m_idOfText.find(byteTokenName(b));
            if (it != m_idOfText.end())
                m_byteIds[b] = it->second;
        }
        if (m_byteFallback)
            for (int b = 0; b < 256; ++b)
                if (m_byteIds[b] < 0)
                    throw Error::inField("model.vocab", "byte_fallback is on but the byte token " + byteTokenName(b) +
                                                            " is missing");
        for (int32_t id = 0; id < count; ++id) {
            auto [c, length] = m_tokens[id].empty() ? std::pair<char32_t, size_t>{0, 0} : decodeCharacter(m_tokens[id], 0);
            if (length > 0 && length == m_tokens[id].size())
                m_idOfCharacter.emplace(c, id);
        }
    }

    for (size_t rank = 0; rank < spec.merges.size(); ++rank) {
        const auto& [left, right] = spec.merges[rank];
        const std::string field = "model.merges[" + std::to_string(rank) + "]";
        auto leftIt = m_idOfText.find(left);
        auto rightIt = m_idOfText.find(right);
        for (auto [it, token] : {std::pair{leftIt, &left}, std::pair{rightIt, &right}})
            if (it == m_idOfText.end())
                throw Error::inField(field, "token " + asJsonString(*token) + " is not in the vocabulary");
        auto mergedIt = m_idOfText.find(left + right);
        if (mergedIt == m_idOfText.end())
            throw Error::inField(field, "the merged token " + asJsonString(left + right) + " is not in the vocabulary");
        if (!m_merges.add(leftIt->second, rightIt->second, mergedIt->second))
            throw Error::inField(field, "merge " + asJsonString(left + " " + right) + " is repeated (first at rank " +
                                            std::to_string(m_merges.find(leftIt->second, rightIt->second)->rank) + ")");
    }
    m_merges.finalize(count);

    m_offsets.reserve(m_tokens.size() + 1);
    for (int32_t id = 0; id < count; ++id) {
        m_offsets.push_back(static_cast<uint32_t>(m_bytes.size()));
        std::optional<std::string> bytes = m_byteLevel ? tokenTextToBytes(m_tokens[id]) : std::nullopt;
        if (bytes && m_ignoreMerges)
            m_idOfBytes.emplace(*bytes, id);
        m_bytes += bytes ? *bytes : m_tokens[id];
    }
    m_offsets.push_back(static_cast<uint32_t>(m_bytes.size()));
}

std::optional<int32_t> HfBpeModel::idOf(std::string_view text) const
{
    auto it = m_idOfText.find(std::string(text));
    if (it == m_idOfText.end())
        return std::nullopt;
    return it->second;
}

// `tokenizers`' BPE::merge_word before merging: one symbol per character, <0xNN> tokens
// for a character the vocabulary lacks (with byte_fallback), else the unknown token
// (consecutive ones fused with fuse_unk), else the character is dropped.
void HfBpeModel::buildInitialSymbols(std::string_view piece, std::vector<int32_t>& symbols) const
{
    if (m_byteLevel) {
        for (unsigned char b : piece)
            symbols.push_back(m_byteIds[b]);
        return;
    }
    bool pendingUnk = false;
    forEachCharacter(piece, [&](std::string_view bytes, char32_t c, bool valid) {
        if (valid) {
            auto it = m_idOfCharacter.find(c);
            if (it != m_idOfCharacter.end()) {
                if (pendingUnk)
                    symbols.push_back(*m_unkId);
                pendingUnk = false;
                symbols.push_back(it->second);
                return;
            }
        }
        if (m_byteFallback) {
            // A pending unknown token stays pending across byte tokens, as in `tokenizers`.
            for (unsigned char b : bytes)
                symbols.push_back(m_byteIds[b]);
            return;
        }
        if (!m_unkId)
            return;
        if (pendingUnk && !m_fuseUnk)
            symbols.push_back(*m_unkId);
        pendingUnk = true;
    });
    if (pendingUnk)
        symbols.push_back(*m_unkId);
}

void HfBpeModel::encodePiece(std::string_view piece, std::vector<int32_t>& out) const
{
    if (piece.empty())
        return;
    if (m_byteLevel && piece.size() == 1 && !m_ignoreMerges) {
        out.push_back(m_byteIds[static_cast<unsigned char>(piece[0])]);
        return;
    }
    if (m_cache.lookup(piece, out))
        return;
    const size_t before = out.size();
    bool whole = false;
    if (m_ignoreMerges) {
        const auto& table = m_byteLevel ? m_idOfBytes : m_idOfText;
        auto it = table.find(std::string(piece));
        if (it != table.end()) {
            out.push_back(it->second);
            whole = true;
        }
    }
    if (!whole) {
        thread_local std::vector<int32_t> symbols;
        symbols.clear();
        buildInitialSymbols(piece, symbols);
        m_merges.mergeInQueueOrder(symbols);
        out.insert(out.end(), symbols.begin(), symbols.end());
    }
    if (piece.size() <= kMaxCachedPieceBytes)
        m_cache.insert(piece, out.data() + before, out.size() - before);
}

} // namespace lw::tokenizer
