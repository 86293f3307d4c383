#pragma once
// The rows a fine-tune learns from: the dataset version shaped with the base model's
// tokenizer and chat template into <run dir>/data (sft.bin or preference.bin, with
// shape.json), and which rows of it train and which validate. The version's own split
// (splits.txt) is used when it has one (its test rows are left out); otherwise a seeded
// share of rows is held out for validation.
#include "core/finetune/finetune_config.h"
#include "core/shape/dataset_export.h"
#include "core/shape/training_renderer.h"
#include "core/store/store.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lw::finetune {

struct FinetuneData {
    std::string file;                 // the packed sequence file
    std::string kind;                 // "sft" or "preference"
    std::vector<uint64_t> trainRows;  // rows of the file
    std::vector<uint64_t> valRows;
    std::string splitSource;          // "dataset" (its splits.txt) or "held out"
    shape::ShapeCheckCounts checks;
    shape::AnswerEnd answerEnd;
    std::optional<int64_t> datasetId; // the records version's row in the store
    std::string recordsSha256;
};

// The rows held out when a dataset has no validation split: `requested`, or a tenth of
// the rows (at most 200) when 0; none for fewer than 10 rows. Seeded, independent of order.
std::vector<bool> heldOutRows(uint64_t rows, int64_t requested, uint64_t seed);

// Shapes `settings.dataset` (a records version of the project) into `folder`.
// `progress(done, total)` returns false to cancel (lw::Error "cancelled").
FinetuneData prepareFinetuneData(store::Store& store, const FinetuneSettings& settings,
                                 const shape::TrainingRenderer& renderer, const std::string& folder, uint64_t seed,
                                 const std::function<bool(int64_t, int64_t)>& progress = {});

// The template a fine-tune renders with: the setting's name or file, else the model's
// own, else chatml.
generate::ChatTemplate finetuneTemplate(const FinetuneSettings& settings,
                                        const std::optional<generate::ChatTemplate>& modelTemplate);

} // namespace lw::finetune
