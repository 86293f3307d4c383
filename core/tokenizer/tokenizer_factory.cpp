// loadTokenizer and trainTokenizer: pick the implementation from what is on disk, or
// from the kind asked for.
#include "core/tokenizer/bpe_files.h"
#include "core/tokenizer/bpe_trainer.h"
#include "core/tokenizer/byte_level_bpe_tokenizer.h"
#include "core/tokenizer/hf_tokenizer.h"
#include "core/tokenizer/sentencepiece_tokenizer.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

#include <filesystem>

namespace lw::tokenizer {
namespace {

namespace fs = std::filesystem;

bool isBpeFileName(const std::string& name)
{
    return name == "vocab.json" || name == "encoder.json" || name == "merges.txt" || name == "vocab.bpe";
}

} // namespace

std::unique_ptr<Tokenizer> loadTokenizer(const std::string& path)
{
    std::error_code ec;
    const fs::path p(path);
    auto status = fs::status(p, ec);
    if (ec || !fs::exists(status))
        throw Error::inFile(path, "no such file or folder");
    if (fs::is_directory(status)) {
        // transformers reads tokenizer.json first when a folder has one.
        if (fs::is_regular_file(p / "tokenizer.json", ec))
            return HfTokenizer::load((p / "tokenizer.json").string());
        auto [vocab, merges] = findBpeFiles(path);
        const bool hasModel = fs::is_regular_file(p / "tokenizer.model", ec);
        if (hasModel && (!vocab.empty() || !merges.empty()))
            throw Error::inFile(path, "holds both tokenizer.model and byte-level BPE files; pass the file to load");
        if (hasModel)
            return SentencePieceTokenizer::load((p / "tokenizer.model").string());
        if (vocab.empty() && merges.empty())
            throw Error::inFile(path, "no tokenizer here (expected tokenizer.json, vocab.json + merges.txt, "
                                      "encoder.json + vocab.bpe, or tokenizer.model)");
        return ByteLevelBpeTokenizer::load(path);
    }
    if (p.extension() == ".json" && p.filename() != "vocab.json" && p.filename() != "encoder.json")
        return HfTokenizer::load(path);
    if (p.extension() == ".model")
        return SentencePieceTokenizer::load(path);
    if (isBpeFileName(p.filename().string())) {
        std::string folder = p.parent_path().empty() ? std::string(".") : p.parent_path().string();
        return ByteLevelBpeTokenizer::load(folder);
    }
    throw Error::inFile(path, "not a tokenizer file (expected a folder, vocab.json, encoder.json or a .model file)");
}

std::unique_ptr<Tokenizer> trainTokenizer(const TrainTokenizerOptions& options, const TrainProgressCallback& progress)
{
    if (options.kind == "bpe") {
        trainByteLevelBpe(options, progress);
        return ByteLevelBpeTokenizer::load(options.outputPath);
    }
    if (options.kind == "sp-bpe" || options.kind == "sp-unigram") {
        TrainTokenizerOptions sized = options;
        if (sized.vocabSize == kAutoVocabSize)
            sized.vocabSize = kAutoVocabLimit;
        return SentencePieceTokenizer::load(trainSentencePiece(sized, progress));
    }
    throw Error::inField("kind", "\"" + options.kind + "\" is not a tokenizer kind (bpe, sp-bpe, sp-unigram)");
}

} // namespace lw::tokenizer
