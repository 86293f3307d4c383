#pragma once
// Prompts for multiple-choice items in lm-evaluation-harness's layouts, and their
// tokenization as the harness does it.
//   mmlu       "The following are multiple choice questions (with answers) about
//              {subject, _ as spaces}.\n\n" then "{question}\nA. ..\nB. ..\nAnswer:";
//              continuations " A", " B", ...
//   hellaswag  the query after the harness's clean-up; continuations " " + ending
//   arc, generic  "Question: {question}\nAnswer:"; continuations " " + choice
// K-shot prompts put K solved items first (each its query, " " and its answer), joined
// by "\n\n"; the shots are drawn with a seed from the few-shot pool (the task's dev or
// train rows, else its other items), preferring items of the same subject, never the
// item itself.
#include "core/eval/choice_tasks.h"
#include "core/tokenizer/tokenizer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lw::eval {

struct ChoicePrompt {
    std::string context;                    // description, shots, the query
    std::vector<std::string> continuations; // one per choice, in order: " " + its text
    // len() of each choice's text without the leading space (doc_to_choice): what
    // acc_norm divides by
    std::vector<int64_t> characters;
};

// The query of one item (no description, no shots) and the text of each choice
// (mmlu: the letters; hellaswag: the cleaned endings).
std::string choiceQuery(const ChoiceItem& item, ChoiceLayout layout);
std::vector<std::string> choiceTexts(const ChoiceItem& item, ChoiceLayout layout);
// What precedes the shots: mmlu's sentence naming the subject; "" for the others.
std::string choiceDescription(const ChoiceItem& item, ChoiceLayout layout);

struct FewShotSettings {
    int64_t shots = 0;
    uint64_t seed = 1234; // lm-evaluation-harness's default
};

class ChoicePromptBuilder {
public:
    // lw::Error naming "shots" when some item has fewer than K candidates.
    ChoicePromptBuilder(const ChoiceTask& task, FewShotSettings settings);

    // The prompt of task.items[index].
    ChoicePrompt prompt(size_t index) const;
    // The shots of task.items[index]: indices into the pool (shotPool, or items when it is empty).
    std::vector<size_t> shotIndices(size_t index) const;

private:
    const std::vector<ChoiceItem>& pool() const;
    std::vector<size_t> candidates(size_t index) const;

    const ChoiceTask& m_task;
    FewShotSettings m_settings;
};

// Token ids as the harness builds a loglikelihood request: whitespace that ends the
// context moves to the front of the continuation, context + continuation is encoded
// whole, and the continuation's tokens are those past the context's own encoding.
// `prefix` (the model's BOS) comes first.
struct ChoiceTokens {
    std::vector<int32_t> context;
    std::vector<std::vector<int32_t>> continuations;
    std::vector<int64_t> characters; // as in the prompt
};

ChoiceTokens tokenizeChoicePrompt(const tokenizer::Tokenizer& tokenizer, const std::vector<int32_t>& prefix,
                                  const ChoicePrompt& prompt);

} // namespace lw::eval
