#pragma once
// The rows a classifier learns from: a dataset version of choice records (question:
// the text to classify; choices: the class names, the same list in the same order on
// every row; answer: the label), each text as token ids of the base's tokenizer (its
// prompt prefix first), cut to the context keeping the first tokens. The version's own
// split (splits.txt) gives train, validation and test rows when it has one; otherwise a
// seeded share of the rows is held out for validation (heldOutRows) and test is empty.
#include "core/finetune/finetune_config.h"
#include "core/store/store.h"
#include "core/tokenizer/tokenizer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lw::finetune {

struct ClassificationRow {
    std::vector<int32_t> ids; // at least one token
    int64_t label = 0;        // index into the classes
};

struct ClassificationRows {
    std::vector<std::string> classes;
    std::vector<ClassificationRow> rows; // in the file's order
    int64_t truncatedRows = 0;           // rows longer than the context, cut to its first tokens
};

// Reads the choice records of `recordsPath` (records.jsonl); lw::Error naming the file
// and line of a row that is not a choice, has an answer outside its choices, a class
// list other than the first row's, or no token at all.
ClassificationRows readClassificationRows(const std::string& recordsPath, const tokenizer::Tokenizer& tokenizer,
                                          const std::vector<int32_t>& promptPrefix, int64_t context);

struct ClassificationData {
    ClassificationRows data;
    std::vector<uint64_t> trainRows, valRows, testRows; // indices into data.rows
    std::string splitSource;                            // "dataset" (its splits.txt) or "held out"
    std::optional<int64_t> datasetId;
    std::string recordsSha256;
};

// `settings.dataset`, a choice records version of the project, read and split.
ClassificationData prepareClassificationData(store::Store& store, const FinetuneSettings& settings,
                                             const tokenizer::Tokenizer& tokenizer,
                                             const std::vector<int32_t>& promptPrefix, int64_t context, uint64_t seed);

// The ids a text is classified from: the prefix, then the text's tokens, cut to the context.
std::vector<int32_t> classificationIds(const tokenizer::Tokenizer& tokenizer, const std::vector<int32_t>& promptPrefix,
                                       const std::string& text, int64_t context, bool* truncated = nullptr);

} // namespace lw::finetune
