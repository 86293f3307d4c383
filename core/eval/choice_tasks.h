#pragma once
// Multiple-choice items for `llmwb eval mc`, read from a user file (JSON Lines, JSON,
// CSV/TSV, Parquet: the records readers) or from a dataset version of the project, in
// the layouts public benchmarks ship in:
//   mmlu       question, choices (a list, a list literal in a string, or A/B/C/D
//              fields), answer (index, letter or the choice's text), subject (optional)
//   hellaswag  ctx (or ctx_a + ctx_b), activity_label, endings (list), label
//   arc        question, choices {"text": [...], "label": [...]}, answerKey (a label)
//   generic    read like mmlu, prompted like arc ("Question: ...\nAnswer:")
// Every item is normalised to one question, its choices and the gold index; the prompt
// layout (choice_prompts.h) decides how they are written for the model.
#include "core/records/dataset_version.h"
#include "core/records/record.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::eval {

enum class ChoiceLayout { Mmlu, HellaSwag, Arc, Generic };

std::string_view choiceLayoutName(ChoiceLayout layout); // "mmlu", "hellaswag", "arc", "generic"
std::optional<ChoiceLayout> choiceLayoutFromName(std::string_view name);

struct ChoiceItem {
    // mmlu/arc/generic: the question. hellaswag: activity_label + ": " + ctx, where ctx
    // is ctx_a + " " + ctx_b capitalised (the harness's query before its clean-up).
    std::string question;
    std::vector<std::string> choices; // hellaswag: the endings, before clean-up
    int64_t answer = -1;              // index into choices
    std::string subject;              // "" when the source names none
    records::SourceRef source;        // file and line (Parquet: row) it came from
};

struct ChoiceTask {
    ChoiceLayout layout = ChoiceLayout::Mmlu;
    std::vector<ChoiceItem> items;    // what is evaluated
    std::vector<ChoiceItem> shotPool; // a dev/train split to draw few-shot examples from; empty: the items
};

struct ChoiceLoadOptions {
    std::optional<ChoiceLayout> layout; // nullopt: recognised from the first row's fields
};

// Every row of `path`. Without a subject field, an mmlu file's subject is its name
// without the extension and an "mmlu_" prefix (MMLU ships one file per subject).
// lw::Error "<path>:<line>: field '<name>': <reason>" for a row that does not fit.
ChoiceTask loadChoiceFile(const std::string& path, const ChoiceLoadOptions& options = {});

// A dataset version of choice records. With splits, its test rows are evaluated (all
// rows when it has none) and its train and validation rows are the few-shot pool.
ChoiceTask loadChoiceDataset(const records::DatasetVersion& version, const ChoiceLoadOptions& options = {});

} // namespace lw::eval
