#pragma once
// Seeded train/validation/test splits of a dataset version. A row's split depends only
// on the seed and on its key (its row number, or the value of a chosen field), never on
// the order or number of other rows, so rows that share a key (the same prompt, the
// same source file) always land in the same split. The assignment is a file in the
// version's folder, splits.txt, one split name per row.
#include "core/records/dataset_version.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lw::records {

enum class Split : uint8_t { Train = 0, Validation = 1, Test = 2 };
const char* splitName(Split split);

struct SplitOptions {
    double train = 0.9, validation = 0.05, test = 0.05; // must add up to 1
    uint64_t seed = 1;
    // "" : by row; a record field (record_fields.h): rows with equal values stay together;
    // "near_duplicates": rows in one near-duplicate cluster (MinHash over the whole
    // record, the near_dedup step's defaults) stay together, so a paraphrase of a test
    // question never trains the model.
    std::string groupBy;
};

// The split of one key: xxh3-64(key, seed) as a fraction in [0, 1), cut by the fractions.
Split splitOfKey(std::string_view key, const SplitOptions& options);

// Assigns every row of `version`, writes splits.txt and records counts, fractions,
// seed and grouping in version.splits (the caller saves the manifest).
void assignSplits(DatasetVersion& version, const SplitOptions& options,
                  const std::function<bool(int64_t rowsDone, int64_t rowsTotal)>& progress = {});

// The assignment of every row (empty when the version has no splits.txt); lw::Error when
// the file does not match the version's rows.
std::vector<Split> loadSplits(const DatasetVersion& version);
std::string splitsPath(const DatasetVersion& version);

} // namespace lw::records
