#pragma once
// After a fine-tune, the same held-out prompts answered by the base model and by the
// fine-tuned one, side by side, with the dataset's own answer: the quickest way to see
// what the run changed. Greedy decoding, so the comparison is the same every time.
#include "core/generate/chat_template.h"
#include "core/model/transformer.h"
#include "core/shape/packed_sequence_file.h"
#include "core/tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::finetune {

struct ComparedAnswer {
    uint64_t row = 0;      // of the packed file
    std::string prompt;    // the rendered prompt, as the model saw it
    std::string reference; // the dataset's answer (its tokens that receive loss)
    std::string base, finetuned;
    bool baseExact = false, finetunedExact = false; // equal to the reference, see sameAnswer()
};

// Answers compared as exact match usually is: surrounding white space and the
// tokenizer's end-of-text text ("<|endoftext|>", "</s>") left out.
bool sameAnswer(const std::string& answer, const std::string& reference, const std::string& endOfText);

// Up to `count` rows of `rows` (SFT files: one sequence per row; preference files: the
// chosen sequence). The prompt of a row is its tokens before the first one that
// receives loss; rows without loss are skipped.
std::vector<ComparedAnswer> compareAnswers(model::Transformer base, model::Transformer finetuned,
                                           const tokenizer::Tokenizer& tokenizer,
                                           const shape::PackedSequenceFile& file, const std::vector<uint64_t>& rows,
                                           const generate::ChatTemplate& chatTemplate, int count = 4,
                                           int maxTokens = 64);

nlohmann::json comparisonJson(const std::vector<ComparedAnswer>& answers);

} // namespace lw::finetune
