#pragma once
// Writes a dataset version out for training or for other tools:
//   jsonl   one row per record in an import layout (record_rows.h), with its source
//   tokens  text datasets: tokens.bin + dataset.json, the pretraining format of
//           core/data/dataset.h (`llmwb train --dataset <folder>` reads it); every row
//           is a document followed by the end-of-sequence token, whole (a context
//           length does not cut pretraining documents: training samples windows);
//           chat and multiple-choice datasets: sft.bin, preference datasets:
//           preference.bin (packed_sequence_file.h), rows cut to the context length;
//           and shape.json: what made the files (dataset, template, tokenizer, loss
//           mode, context) and the check counts of shape_checks.h.
// Every row of the dataset's split assignment is exported (no per-row split file exists
// yet; everything is "train").
#include "core/records/dataset_version.h"
#include "core/records/layout.h"
#include "core/records/splits.h"
#include "core/shape/shape_checks.h"
#include "core/shape/training_renderer.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lw::shape {

struct ExportProgress {
    int64_t bytesDone = 0, bytesTotal = 0, rows = 0;
};
using ExportProgressCallback = std::function<void(const ExportProgress&)>;

struct ExportResult {
    std::string format; // "jsonl", "pretraining", "sft", "preference"
    int64_t rows = 0;
    int64_t tokens = 0;
    int64_t trainTokens = 0; // pretraining: tokens before the validation share
    std::vector<std::string> files;
    ShapeCheckCounts checks; // tokens exports only
};

// lw::Error naming the first record (file and line) that does not fit the layout;
// nothing is left at `outputPath` then.
// `split`: only the rows of that split (the version's splits.txt, made by assignSplits).
ExportResult exportJsonl(const records::DatasetVersion& version, records::Layout layout, const std::string& outputPath,
                         const ExportProgressCallback& progress = {}, std::optional<records::Split> split = {});

// `outputDir` is created. `valFraction`: text datasets keep the last share of tokens
// for validation (as `llmwb data prepare --val-fraction`).
ExportResult exportTokens(const records::DatasetVersion& version, const TrainingRenderer& renderer,
                          const std::string& outputDir, double valFraction = 0.0,
                          const ExportProgressCallback& progress = {}, std::optional<records::Split> split = {});

} // namespace lw::shape
