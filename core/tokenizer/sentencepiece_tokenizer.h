#pragma once
// A sentencepiece model (BPE or unigram) behind the Tokenizer interface. All calls go
// through the runtime-loaded module (sentencepiece_module_loader.h); nothing here links
// sentencepiece, so it can live in the same process as LibTorch.
//
// Speed: a model that allows it (sentencepiece_line_split.h) encodes a text line by line,
// with the same ids as in one call, and a long text in parts on several threads.
#include "core/tokenizer/sentencepiece_line_split.h"
#include "core/tokenizer/tokenizer.h"

#include <memory>
#include <string>

struct lw_spm_model;

namespace lw::tokenizer {

struct SentencePieceModule;

class SentencePieceTokenizer final : public Tokenizer {
public:
    // Loads a .model file. The file is checked first (sentencepiece_model_check.h), so a
    // truncated or corrupt file is an lw::Error naming it, never a crash.
    static std::unique_ptr<SentencePieceTokenizer> load(const std::string& modelPath);
    ~SentencePieceTokenizer() override;

    // allowSpecial has no effect: sentencepiece never matches control pieces such as
    // "</s>" in text; put eosId() between documents instead.
    std::vector<int32_t> encode(std::string_view text, bool allowSpecial = true) const override;
    std::string decode(const std::vector<int32_t>& ids) const override;
    // The piece with its "▁" shown as a space, and a byte piece ("<0x0A>") as its byte.
    std::string tokenBytes(int32_t id) const override;
    int32_t vocabSize() const override { return m_vocabSize; }
    std::optional<int32_t> eosId() const override { return m_eosId; }
    std::string kind() const override { return "sentencepiece"; }
    std::string sourcePath() const override { return m_path; }

    // The piece exactly as stored in the model.
    std::string piece(int32_t id) const;

    // Threads for one long text (0, the default: one per hardware thread); a text gets a
    // thread per kParallelPartBytes at most. Ids do not depend on it.
    void setEncodeThreads(int threads) { m_encodeThreads = threads; }
    static constexpr size_t kParallelPartBytes = 256 * 1024;
    // Whether encode goes line by line (the model allows it).
    bool encodesLineByLine() const { return m_continuation != nullptr; }

private:
    SentencePieceTokenizer(const SentencePieceModule& module, lw_spm_model* model, std::string path);
    void checkId(int32_t id) const;
    void encodeWhole(std::string_view text, std::vector<int32_t>& ids) const;
    void encodeLines(std::string_view text, bool atTextStart, std::vector<int32_t>& ids) const;
    void appendPart(std::vector<int32_t>& ids, const std::vector<int32_t>& part) const;
    int threadsFor(size_t bytes) const;

    const SentencePieceModule& m_module;
    lw_spm_model* m_model; // owned; freed by the module that allocated it
    // The model without the dummy prefix, for the lines after the first; owned like
    // m_model; null when the model must see the whole text at once.
    lw_spm_model* m_continuation = nullptr;
    SentencePieceLineSplit m_lineSplit;
    int32_t m_unkId = -1;
    int m_encodeThreads = 0;
    std::string m_path;
    int32_t m_vocabSize = 0;
    std::optional<int32_t> m_eosId;
};

// Trains "sp-bpe" or "sp-unigram" on options.inputFiles and writes
// <outputPath>/tokenizer.model and tokenizer.vocab (atomically). Returns the model path.
// Cancelling takes effect before sentencepiece starts and after it ends: sentencepiece
// itself cannot be interrupted.
std::string trainSentencePiece(const TrainTokenizerOptions& options, const TrainProgressCallback& progress);

} // namespace lw::tokenizer
