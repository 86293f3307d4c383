#include "core/tokenizer/byte_level_bpe_tokenizer.h"

#include "core/tokenizer/byte_unicode.h"
#include "core/tokenizer/gpt2_pretokenizer.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <unordered_map>

namespace lw::tokenizer {
namespace {

// Words longer than this are encoded every time instead of being cached: they are
// rare (long runs of spaces or symbols) and would crowd the cache.
constexpr size_t kMaxCachedWordBytes = 128;

std::string jsonQuoted(const std::string& token)
{
    return util::Json(token).dump(-1, ' ', false, util::Json::error_handler_t::replace);
}

bool looksLikeAddedToken(const std::string& token)
{
    return token.size() >= 3 && token.front() == '<' && token.back() == '>';
}

} // namespace

std::unique_ptr<ByteLevelBpeTokenizer> ByteLevelBpeTokenizer::load(const std::string& folder)
{
    return std::make_unique<ByteLevelBpeTokenizer>(readBpeFiles(folder), folder);
}

ByteLevelBpeTokenizer::ByteLevelBpeTokenizer(const BpeFiles& files, std::string sourcePath)
    : m_sourcePath(std::move(sourcePath))
{
    const auto count = static_cast<int32_t>(files.tokens.size());
    std::unordered_map<std::string, int32_t> idOf;
    idOf.reserve(files.tokens.size());
    for (int32_t id = 0; id < count; ++id)
        idOf.emplace(files.tokens[id], id);

    std::vector<bool> isByteOrMerged(count, false);
    for (int b = 0; b < 256; ++b) {
        std::string spelled = bytesToTokenText(std::string(1, static_cast<char>(b)));
        auto it = idOf.find(spelled);
        if (it == idOf.end())
            throw Error::inFile(files.vocabPath, "no token for byte " + std::to_string(b) + " (spelled " + jsonQuoted(spelled) +
                                                     "): not a byte-level BPE vocabulary");
        m_byteIds[b] = it->second;
        isByteOrMerged[it->second] = true;
    }

    for (size_t rank = 0; rank < files.merges.size(); ++rank) {
        const auto& [left, right] = files.merges[rank];
        const int64_t line = files.mergeLines[rank];
        auto leftIt = idOf.find(left);
        auto rightIt = idOf.find(right);
        for (auto [it, token] : {std::pair{leftIt, &left}, std::pair{rightIt, &right}})
            if (it == idOf.end())
                throw Error::inFile(files.mergesPath, "merge " + jsonQuoted(left + " " + right) + ": token " + jsonQuoted(*token) +
                                                          " is not in " + files.vocabPath,
                                    line);
        auto mergedIt = idOf.find(left + right);
        if (mergedIt == idOf.end())
            throw Error::inFile(files.mergesPath, "merge " + jsonQuoted(left + " " + right) + ": the merged token " +
                                                      jsonQuoted(left + right) + " is not in " + files.vocabPath,
                                line);
        if (!m_merges.add(leftIt->second, rightIt->second, mergedIt->second)) {
            int32_t firstRank = m_merges.find(leftIt->second, rightIt->second)->rank;
            throw Error::inFile(files.mergesPath, "merge " + jsonQuoted(left + " " + right) + " is repeated (first on line " +
                                                      std::to_string(files.mergeLines[firstRank]) + ")",
                                line);
        }
        isByteOrMerged[mergedIt->second] = true;
    }
    m_merges.finalize(count);

    m_tokenOffsets.reserve(files.tokens.size() + 1);
    for (int32_t id = 0; id < count; ++id) {
        const std::string& token = files.tokens[id];
        m_tokenOffsets.push_back(static_cast<uint32_t>(m_tokenBytes.size()));
        std::optional<std::string> bytes;
        if (!isByteOrMerged[id] && looksLikeAddedToken(token)) {
            m_specials.emplace_back(token, id);
            if (token == "<|endoftext|>")
                m_eosId = id;
        } else {
            bytes = tokenTextToBytes(token);
        }
        // Added tokens, and stray entries outside the byte alphabet, decode as written.
        m_tokenBytes += bytes ? *bytes : token;
    }
    m_tokenOffsets.push_back(static_cast<uint32_t>(m_tokenBytes.size()));
}

void ByteLevelBpeTokenizer::encodeOrdinary(std::string_view text, std::vector<int32_t>& out) const
{
    Gpt2PreTokenizer::instance().split(text, [&](std::string_view piece) {
        if (piece.size() == 1) {
            out.push_back(m_byteIds[static_cast<unsigned char>(piece[0])]);
            return;
        }
        if (m_cache.lookup(piece, out))
            return;
        size_t before = out.size();
        m_merges.encodeWord(piece, m_byteIds, out);
        if (piece.size() <= kMaxCachedWordBytes)
            m_cache.insert(piece, out.data() + before, out.size() - before);
    });
}

std::vector<int32_t> ByteLevelBpeTokenizer::encode(std::string_view text, bool allowSpecial) const
{
    std::vector<int32_t> out;
    out.reserve(text.size() / 3 + 8);
    if (!allowSpecial || m_specials.empty()) {
        encodeOrdinary(text, out);
        return out;
    }
    // Next occurrence of each special token at or after `pos`, refreshed only when passed.
    std::vector<size_t> nextAt(m_specials.size(), 0);
    for (size_t i = 0; i < m_specials.size(); ++i)
        nextAt[i] = text.find(m_specials[i].first);
    size_t pos = 0;
    while (true) {
        size_t best = std::string_view::npos;
        size_t bestIndex = 0;
        for (size_t i = 0; i < m_specials.size(); ++i) {
            if (nextAt[i] != std::string_view::npos && nextAt[i] < pos)
                nextAt[i] = text.find(m_specials[i].first, pos);
            // The earliest match wins; at the same place, the longer token.
            if (nextAt[i] < best || (nextAt[i] == best && nextAt[i] != std::string_view::npos &&
                                     m_specials[i].first.size() > m_specials[bestIndex].first.size())) {
                best = nextAt[i];
                bestIndex = i;
            }
        }
        if (best == std::string_view::npos) {
            encodeOrdinary(text.substr(pos), out);
            return out;
        }
        encodeOrdinary(text.substr(pos, best - pos), out);
        out.push_back(m_specials[bestIndex].second);
        pos = best + m_specials[bestIndex].first.size();
    }
}

void ByteLevelBpeTokenizer::checkId(int32_t id) const
{
    if (id < 0 || id >= vocabSize())
        throw Error("token id " + std::to_string(id) + " is out of range: the vocabulary of " + m_sourcePath + " has " +
                    std::to_string(vocabSize()) + " tokens (ids 0.." + std::to_string(vocabSize() - 1) + ")");
}

std::string ByteLevelBpeTokenizer::decode(const std::vector<int32_t>& ids) const
{
    size_t total = 0;
    for (int32_t id : ids) {
        checkId(id);
        total += m_tokenOffsets[id + 1] - m_tokenOffsets[id];
    }
    std::string text;
    text.reserve(total);
    for (int32_t id : ids)
        text.append(bytesOf(id));
    return text;
}

std::string ByteLevelBpeTokenizer::tokenBytes(int32_t id) const
{
    checkId(id);
    return std::string(bytesOf(id));
}

} // namespace lw::tokenizer
