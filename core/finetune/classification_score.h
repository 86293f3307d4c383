#pragma once
// How a classifier does on some rows of its data (loss, accuracy, confusion matrix),
// and the batches of rows the classification trainer feeds it. With a process group
// each rank scores its share of the rows and the ranks sum their counts, so every rank
// gets the numbers one process scoring all the rows gets.
#include "core/distributed/process_group.h"
#include "core/finetune/classification_data.h"
#include "core/finetune/classifier.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <vector>

namespace lw::finetune {

// Rows which[begin, end) of `data` as one right-padded batch on `device`, and their labels (int64, on `device`).
struct LabelledBatch {
    PaddedRows rows;
    torch::Tensor labels;
};
LabelledBatch labelledBatch(const ClassificationData& data, const std::vector<uint64_t>& which, size_t begin,
                            size_t end, int32_t padId, const torch::Device& device);

// Loss, accuracy and confusion matrix of a classifier on some rows.
struct ClassificationScore {
    double loss = 0;
    ConfusionMatrix confusion;
    int64_t rows = 0;
    double accuracy() const { return accuracyOf(confusion); }
    nlohmann::json toJson() const; // {accuracy (null without rows), confusion, n}
};

// Scores `classifier` on rows `which` of `data` in batches of `batchSize` (eval mode, no
// gradients); at most `limit` rows when limit > 0. With `group`, this rank scores rows
// [rank * n / W, (rank + 1) * n / W) of them and the loss sums, row counts and confusion
// counts are summed over the ranks (counts, not means: the result is the one-process one).
ClassificationScore scoreClassifier(Classifier& classifier, const ClassificationData& data,
                                    const std::vector<uint64_t>& which, int64_t batchSize, int32_t padId,
                                    int64_t limit = 0, distributed::ProcessGroup* group = nullptr);

} // namespace lw::finetune
