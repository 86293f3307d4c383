#pragma once
// One interface for every tokenizer the workbench uses: GPT-2's byte-level BPE (loaded
// from vocab.json/encoder.json + merges.txt/vocab.bpe, or trained on a corpus) and
// sentencepiece models (BPE or unigram, trained here or loaded from a .model file).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::tokenizer {

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // Text to token ids. With allowSpecial, special tokens written literally in the text
    // (such as "<|endoftext|>") map to their ids; otherwise they are encoded as text.
    virtual std::vector<int32_t> encode(std::string_view text, bool allowSpecial = true) const = 0;
    // Token ids to text; ids that are out of range are an lw::Error naming the id.
    virtual std::string decode(const std::vector<int32_t>& ids) const = 0;
    // The bytes of one token, for display (may be a partial UTF-8 sequence).
    virtual std::string tokenBytes(int32_t id) const = 0;

    virtual int32_t vocabSize() const = 0;
    // End-of-text / end-of-sequence id used to separate documents, if the vocabulary has one.
    virtual std::optional<int32_t> eosId() const = 0;
    // "bpe" (byte-level BPE), "sentencepiece" or "hf" (tokenizer.json).
    virtual std::string kind() const = 0;
    // The file or folder it was loaded from.
    virtual std::string sourcePath() const = 0;
};

// Loads a tokenizer from a path: a tokenizer.json (Hugging Face), a folder holding one
// (it is read first, as transformers does), a folder holding vocab.json or encoder.json plus
// merges.txt or vocab.bpe (GPT-2 byte-level BPE), or a sentencepiece .model file (or a
// folder holding tokenizer.model). lw::Error naming the path and the problem otherwise.
std::unique_ptr<Tokenizer> loadTokenizer(const std::string& path);

// A vocabulary sized by the corpus (byte-level BPE): merges go on while the most frequent
// pair occurs at least twice, up to kAutoVocabLimit tokens, so a small corpus gets a
// small vocabulary instead of an error. sentencepiece kinds take kAutoVocabLimit.
constexpr int32_t kAutoVocabSize = 0;
constexpr int32_t kAutoVocabLimit = 8192;

struct TrainTokenizerOptions {
    std::string kind = "bpe";           // "bpe" (byte-level, GPT-2 style), "sp-bpe", "sp-unigram"
    int32_t vocabSize = kAutoVocabSize; // including the 256 byte tokens and special tokens
    std::vector<std::string> inputFiles; // UTF-8 text files
    std::string outputPath;             // folder; gets vocab.json + merges.txt (bpe) or
                                        // tokenizer.model + tokenizer.vocab (sentencepiece)
    double characterCoverage = 0.9995;  // sentencepiece only
    uint64_t seed = 1234;               // sentencepiece only (byte-level BPE has no random choice)
};

struct TrainTokenizerProgress {
    double fraction = 0;   // 0..1, never decreasing
    std::string stage;     // bpe: "counting", "merging", "writing"; sentencepiece: "checking input",
                           // "training", "writing", "done"
};

// Called now and then during training; returning false cancels it.
using TrainProgressCallback = std::function<bool(const TrainTokenizerProgress&)>;

// Trains a tokenizer and writes it to options.outputPath; returns the loaded result.
// `progress` may be empty; returning false from it cancels (lw::Error "cancelled").
std::unique_ptr<Tokenizer> trainTokenizer(const TrainTokenizerOptions& options,
                                          const TrainProgressCallback& progress = {});

} // namespace lw::tokenizer
