#include "core/tokenizer/sentencepiece_tokenizer.h"

#include "core/tokenizer/sentencepiece_model_check.h"
#include "core/tokenizer/sentencepiece_module_loader.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

namespace lw::tokenizer {
namespace {

void storeIds(void* context, const int32_t* ids, size_t count)
{
    static_cast<std::vector<int32_t>*>(context)->assign(ids, ids + count);
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
    return std::unique_ptr<SentencePieceTokenizer>(new SentencePieceTokenizer(module, model, modelPath));
}

SentencePieceTokenizer::SentencePieceTokenizer(const SentencePieceModule& module, lw_spm_model* model, std::string path)
    : m_module(module), m_model(model), m_path(std::move(path))
{
    m_vocabSize = m_module.pieceSize(m_model);
    int32_t eos = m_module.eosId(m_model);
    if (eos >= 0 && eos < m_vocabSize)
        m_eosId = eos;
}

SentencePieceTokenizer::~SentencePieceTokenizer()
{
    m_module.freeModel(m_model);
}

std::vector<int32_t> SentencePieceTokenizer::encode(std::string_view text, bool /*allowSpecial*/) const
{
    std::vector<int32_t> ids;
    lw_spm_error error{};
    if (m_module.encode(m_model, text.data(), text.size(), storeIds, &ids, &error) != 0)
        throw Error::inFile(m_path, std::string("cannot encode: ") + error.message);
    return ids;
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
