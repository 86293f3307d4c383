#pragma once
// The tokenizer a GGUF file describes in its tokenizer.ggml.* keys, built as an
// HfTokenizer, and the keys that describe one of ours.
//
// tokenizer.ggml.model "gpt2" is byte-level BPE (tokens in GPT-2's byte alphabet,
// merges by rank, a pre-tokenizer named by tokenizer.ggml.pre); "llama" is
// sentencepiece-style BPE (tokens with "▁" for spaces, <0xNN> byte tokens, merged by
// score). A score-merged vocabulary becomes rank-ordered merges the way the `tokenizers`
// library converts sentencepiece models: every split of a normal token into two
// tokens is a merge, ranked by the merged token's score, best first.
#include "core/gguf/gguf_file.h"
#include "core/gguf/gguf_value.h"
#include "core/tokenizer/hf_tokenizer.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lw::gguf_model {

// llama.cpp's token types (tokenizer.ggml.token_type).
enum class GgufTokenType : int32_t { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

struct GgufTokenizer {
    std::unique_ptr<tokenizer::HfTokenizer> tokenizer;
    std::string model;        // tokenizer.ggml.model: "gpt2" or "llama"
    std::string pre;          // tokenizer.ggml.pre ("" for "llama")
    std::string chatTemplate; // tokenizer.chat_template, "" when absent
    bool addBos = false;      // whether llama.cpp puts bos before a prompt
    std::optional<int32_t> bosId, eosId, unknownId, paddingId;
};

// lw::Error naming the file and key for a missing or mistyped key, an unknown model or
// pre-tokenizer name, or ids out of range.
GgufTokenizer loadGgufTokenizer(const gguf::GgufFile& file);

// The pre-tokenizer names we read ("gpt-2", "default", "llama-bpe", "qwen2", "smollm", ...).
std::vector<std::string> knownGgufPreTokenizers();
// The HfTokenizerSpec pre-tokenizer steps for a tokenizer.ggml.pre name; false when unknown.
bool preTokenizerSteps(const std::string& pre, std::vector<tokenizer::HfPreTokenizerStep>& steps,
                       bool& ignoreMerges);

// The tokenizer.ggml.* and tokenizer.chat_template keys for `tokenizer` (an HfTokenizer
// with a byte-level or sentencepiece-style BPE model, or a GPT-2 ByteLevelBpeTokenizer),
// its vocabulary padded with unused "[PADn]" tokens to `vocabSize` (the model's
// embedding rows). lw::Error for other tokenizers or a vocabulary larger than vocabSize.
std::vector<std::pair<std::string, gguf::GgufValue>>
ggufTokenizerMetadata(const tokenizer::Tokenizer& tokenizer, int64_t vocabSize, const std::string& chatTemplate);

} // namespace lw::gguf_model
