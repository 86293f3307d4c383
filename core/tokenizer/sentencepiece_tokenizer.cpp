#include "core/tokenizer/sentencepiece_tokenizer.h"

#include "core/tokenizer/sentencepiece_model_check.h"
#include "core/tokenizer/sentencepiece_module_loader.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <algorithm>
#include <future>
#include <thread>

namespace lw::tokenizer {
namespace {

void appendIds(void* context, const int32_t* ids, size_t count)
{
    auto* out = static_cast<std::vector<int32_t>*>(context);
    out->insert(out->end(), ids, ids + count);
}

void appendBytes(void* context, const char* bytes, size_t size)
{
    static_cast<std::string*>(context)->append(bytes, size);
}

constexpr std::string_view kMetaSpace = "\xE2\x96\x81"; // U+2581, sentencepiece's visible space

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

} // namespace

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::load(const std::string& modelPath)
{
    const SentencePieceModule& module = sentencePieceModule();
    std::string bytes = util::readFile(modelPath);
    checkSentencePieceModel(bytes, modelPath);
    lw_spm_error error{};
    lw_spm_model* model = module.load(bytes.data(), bytes.size(), &error);
    if (!model)
        throw Error::inFile(modelPath, std::string("not a valid sentencepiece model: ") + error.message);
    std::unique_ptr<SentencePieceTokenizer> tokenizer(new SentencePieceTokenizer(module, model, modelPath));
    tokenizer->m_lineSplit = sentencePieceLineSplit(bytes);
    if (tokenizer->m_lineSplit.allowed) {
        const std::string continuation = modelWithoutDummyPrefix(bytes);
        tokenizer->m_continuation = module.load(continuation.data(), continuation.size(), &error);
        if (!tokenizer->m_continuation)
            throw Error::inFile(modelPath, std::string("not a valid sentencepiece model without its dummy prefix: ") +
                                               error.message);
    }
    return tokenizer;
}

SentencePieceTokenizer::SentencePieceTokenizer(const SentencePieceModule& module, lw_spm_model* model, std::string path)
    : m_module(module), m_model(model), m_path(std::move(path))
{
    m_vocabSize = m_module.pieceSize(m_model);
    m_unkId = m_module.unkId(m_model);
    int32_t eos = m_module.eosId(m_model);
    if (eos >= 0 && eos < m_vocabSize)
        m_eosId = eos;
}

SentencePieceTokenizer::~SentencePieceTokenizer()
{
    if (m_continuation)
        m_module.freeModel(m_continuation);
    m_module.freeModel(m_model);
}

std::vector<int32_t> SentencePieceTokenizer::encode(std::string_view text, bool /*allowSpecial*/) const
{
    std::vector<int32_t> ids;
    if (!m_continuation) {
        encodeWhole(text, ids);
        return ids;
    }
    const int threads = threadsFor(text.size());
    if (threads <= 1) {
        encodeLines(text, true, ids);
        return ids;
    }
    // Parts of about equal size, each ending after a newline (the last at the end).
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (int p = 1; p <= threads && start < text.size(); ++p) {
        size_t end = text.size();
        if (p < threads) {
            size_t newline = text.find('\n', std::max(start, text.size() * p / threads));
            end = newline == std::string_view::npos ? text.size() : newline + 1;
        }
        parts.push_back(text.substr(start, end - start));
        start = end;
    }
    std::vector<std::future<std::vector<int32_t>>> encoded;
    for (size_t p = 1; p < parts.size(); ++p)
        encoded.push_back(std::async(std::launch::async, [this, part = parts[p]] {
            std::vector<int32_t> partIds;
            encodeLines(part, false, partIds);
            return partIds;
        }));
    encodeLines(parts[0], true, ids);
    for (auto& part : encoded)
        appendPart(ids, part.get());
    return ids;
}

void SentencePieceTokenizer::encodeWhole(std::string_view text, std::vector<int32_t>& ids) const
{
    lw_spm_error error{};
    if (m_module.encode(m_model, text.data(), text.size(), appendIds, &ids, &error) != 0)
        throw Error::inFile(m_path, std::string("cannot encode: ") + error.message);
}

// One module call per line, each line with its newline; only the text's first line gets
// the dummy prefix.
void SentencePieceTokenizer::encodeLines(std::string_view text, bool atTextStart, std::vector<int32_t>& ids) const
{
    lw_spm_error error{};
    std::vector<int32_t> line;
    for (size_t start = 0; start < text.size();) {
        const size_t newline = text.find('\n', start);
        const size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
        const lw_spm_model* model = atTextStart && start == 0 ? m_model : m_continuation;
        line.clear();
        if (m_module.encode(model, text.data() + start, end - start, appendIds, &line, &error) != 0)
            throw Error::inFile(m_path, std::string("cannot encode: ") + error.message);
        appendPart(ids, line);
        start = end;
    }
}

// Appends the ids of the text that follows; without byte fallback, an <unk> on both
// sides of the cut is the one <unk> that sentencepiece gives the whole run.
void SentencePieceTokenizer::appendPart(std::vector<int32_t>& ids, const std::vector<int32_t>& part) const
{
    auto from = part.begin();
    if (!m_lineSplit.byteFallback && m_unkId >= 0 && !ids.empty() && from != part.end() && ids.back() == m_unkId &&
        *from == m_unkId)
        ++from;
    ids.insert(ids.end(), from, part.end());
}

int SentencePieceTokenizer::threadsFor(size_t bytes) const
{
    // hardware_concurrency() reads /sys on every call: once per process is enough.
    static const int hardwareThreads = int(std::max(1u, std::thread::hardware_concurrency()));
    const int available = m_encodeThreads > 0 ? m_encodeThreads : hardwareThreads;
    return int(std::min<size_t>(size_t(available), std::max<size_t>(1, bytes / kParallelPartBytes)));
}

void SentencePieceTokenizer::checkId(int32_t id) const
{
    if (id < 0 || id >= m_vocabSize)
        throw Error("token id " + std::to_string(id) + " is out of range: the vocabulary of " + m_path + " has " +
                    std::to_string(m_vocabSize) + " tokens (ids 0.." + std::to_string(m_vocabSize - 1) + ")");
}

std::string SentencePieceTokenizer::decode(const std::vector<int32_t>& ids) const
{
    for (int32_t id : ids)
        checkId(id);
    std::string text;
    lw_spm_error error{};
    if (m_module.decode(m_model, ids.data(), ids.size(), appendBytes, &text, &error) != 0)
        throw Error::inFile(m_path, std::string("cannot decode: ") + error.message);
    return text;
}

std::string SentencePieceTokenizer::piece(int32_t id) const
{
    checkId(id);
    std::string piece;
    lw_spm_error error{};
    if (m_module.idToPiece(m_model, id, appendBytes, &piece, &error) != 0)
        throw Error::inFile(m_path, error.message);
    return piece;
}

std::string SentencePieceTokenizer::tokenBytes(int32_t id) const
{
    std::string p = piece(id);
    int kind = m_module.pieceKind(m_model, id);
    if (kind == LW_SPM_PIECE_BYTE && p.size() == 6 && p.compare(0, 3, "<0x") == 0 && p[5] == '>') {
        int hi = hexDigit(p[3]);
        int lo = hexDigit(p[4]);
        if (hi >= 0 && lo >= 0)
            return std::string(1, static_cast<char>(hi * 16 + lo));
    }
    if (kind != LW_SPM_PIECE_NORMAL)
        return p; // <unk>, <s>, </s>: shown by name
    std::string out;
    out.reserve(p.size());
    for (size_t i = 0; i < p.size();) {
        if (p.compare(i, kMetaSpace.size(), kMetaSpace) == 0) {
            out.push_back(' ');
            i += kMetaSpace.size();
        } else {
            out.push_back(p[i++]);
        }
    }
    return out;
}

} // namespace lw::tokenizer
