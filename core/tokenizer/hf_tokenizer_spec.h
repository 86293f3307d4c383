#pragma once
// The parts of a Hugging Face tokenizer (the `tokenizers` library's tokenizer.json), as
// plain data: what readTokenizerJson fills from a file, and what other formats (a GGUF
// file's tokenizer metadata) can fill themselves before building an HfTokenizer.
// Only the kinds of step that the GPT-2, Llama 2/3, Qwen2, Mistral, SmolLM and TinyLlama
// tokenizers use are represented; the JSON reader refuses the others by name.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lw::tokenizer {

// A pattern as tokenizer.json writes it: {"String": "..."} (literal) or {"Regex": "..."}.
struct HfPattern {
    std::string text;
    bool isRegex = false;
};

struct HfNormalizerStep {
    enum class Kind { Nfc, Nfkc, Nfd, Nfkd, Lowercase, Strip, Replace, Prepend };
    Kind kind = Kind::Nfc;
    HfPattern pattern;       // Replace
    std::string content;     // Replace: the replacement; Prepend: the prefix
    bool stripLeft = false;  // Strip
    bool stripRight = false; // Strip
};

// How Split keeps the matched delimiters (the `tokenizers` names).
enum class HfSplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

struct HfPreTokenizerStep {
    enum class Kind { ByteLevel, Split, Digits, Metaspace, Whitespace, WhitespaceSplit };
    enum class Prepend { Always, First, Never };
    Kind kind = Kind::ByteLevel;
    bool addPrefixSpace = false;    // ByteLevel
    bool useRegex = true;           // ByteLevel: split with GPT-2's pattern first
    HfPattern pattern;              // Split
    HfSplitBehavior behavior = HfSplitBehavior::Isolated; // Split
    bool invert = false;            // Split
    bool individualDigits = false;  // Digits
    std::string replacement = "\xE2\x96\x81"; // Metaspace: "▁"
    Prepend prependScheme = Prepend::Always;   // Metaspace
    bool split = true;                         // Metaspace
};

struct HfDecoderStep {
    enum class Kind { ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace };
    Kind kind = Kind::ByteLevel;
    HfPattern pattern;          // Replace
    std::string content;        // Replace: the replacement; Strip: the character removed
    int32_t stripStart = 0;     // Strip
    int32_t stripStop = 0;      // Strip
    std::string replacement = "\xE2\x96\x81";       // Metaspace
    HfPreTokenizerStep::Prepend prependScheme = HfPreTokenizerStep::Prepend::Always; // Metaspace
};

struct HfAddedToken {
    int32_t id = 0;
    std::string content;
    bool special = false;
    bool lstrip = false;
    bool rstrip = false;
    bool singleWord = false;
    bool normalized = false; // matched in the normalized text instead of the raw text
};

// A BPE model. Tokens are spelled as in the file: in GPT-2's byte alphabet when the
// pre-tokenizer has a ByteLevel step, otherwise as UTF-8 text with "▁" for spaces.
struct HfBpeModelSpec {
    std::vector<std::string> tokens;                         // by id; "" marks an unused id
    std::vector<std::pair<std::string, std::string>> merges; // by rank
    std::optional<std::string> unkToken;
    bool fuseUnk = false;
    bool byteFallback = false; // characters missing from the vocabulary become <0xNN> tokens
    bool ignoreMerges = false; // a piece that is itself a token is emitted whole
};

struct HfTokenizerSpec {
    HfBpeModelSpec model;
    std::vector<HfNormalizerStep> normalizers;
    std::vector<HfPreTokenizerStep> preTokenizers;
    std::vector<HfDecoderStep> decoders; // empty: tokens are joined with spaces, as `tokenizers` does
    std::vector<HfAddedToken> addedTokens;
    std::vector<int32_t> bosPrefix; // ids the post-processor puts before a single sequence
    // From tokenizer_config.json when present.
    std::optional<std::string> bosToken;
    std::optional<std::string> eosToken;
    std::optional<bool> addBosToken;
};

} // namespace lw::tokenizer
