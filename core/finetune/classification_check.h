#pragma once
// The pre-flight check of a classification fine-tune (`llmwb finetune --objective
// classify --check`): what would make the classifier useless or its accuracy
// misleading, said before it trains, and what it will cost (the shared estimates of
// core/train/preflight_check.h).
//   errors: a dataset that cannot be read as labelled rows (a row without a label, a
//     label outside its classes: the message names the file and line), a class with no
//     training row (the head can never learn to pick it);
//   warnings: a class with no validation row (its accuracy is never measured), very
//     imbalanced classes (always answering the largest class scores well), texts longer
//     than the context (cut to their first tokens);
//   estimates: memory, time per step (a few real steps of the classifier, in memory),
//     disk for the checkpoints kept.
#include "core/finetune/classification_data.h"
#include "core/store/project.h"
#include "core/train/preflight_check.h"

#include <functional>

namespace lw::finetune {

struct ClassificationCheckReport : train::PreflightReport {
    std::vector<std::string> classes;
    std::vector<int64_t> trainRowsPerClass, valRowsPerClass;
    int64_t trainRows = 0, valRows = 0, testRows = 0, truncatedRows = 0;
    int64_t trainableParameters = 0, totalParameters = 0;

    nlohmann::json toJson() const;
    std::string text() const;
};

// Above this ratio of the largest to the smallest class, "imbalanced_classes".
inline constexpr double kImbalancedClassRatio = 10.0;

// The counts and findings of rows already read and split.
void inspectClassificationRows(ClassificationCheckReport& report, const ClassificationData& data, int64_t context);

// Memory of training a classifier on `m` with `classes` outputs: float32 weights of
// `totalParameters`, AdamW on `trainableParameters`, batches of `batchSize` rows of up to
// `context` tokens. The head scores only each row's last token, so its logits are
// batchSize x classes, not a language model's tokens x vocabulary.
train::MemoryEstimate classificationTrainingMemory(const model::ModelConfig& m, int64_t totalParameters,
                                                   int64_t trainableParameters, int64_t batchSize, int64_t context,
                                                   int64_t classes);

// Loads the base, reads the dataset version, times `timedSteps` steps; writes nothing.
ClassificationCheckReport checkClassification(const store::Project& project, FinetuneConfig config,
                                              const std::function<void(const std::string&)>& progress = {},
                                              int timedSteps = 3);

} // namespace lw::finetune
