#pragma once
// The pre-flight check of a fine-tune (`llmwb finetune --check`, the panel's summary):
// what peers' users only learn from a traceback or a flat curve, said in plain words
// before anything trains, and what the run will cost.
//   errors (the run would be useless): every label masked, no training rows, chosen and
//     rejected answers identical in every pair, a tokenizer with ids beyond the model's
//     vocabulary;
//   warnings: rows without loss, rows truncated by the context, answers that never end
//     (the model would never stop), identical pairs, a learning rate far outside the
//     usual range for the method and objective;
//   estimates: memory (weights, gradients, optimizer state, activations), time per step
//     (timed on a few real steps) and in total, and disk for the checkpoints.
#include "core/finetune/finetune_config.h"
#include "core/store/project.h"
#include "core/train/preflight_check.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::finetune {

using train::CheckFinding;
using train::MemoryEstimate;

struct FinetuneCheckReport : train::PreflightReport {
    int64_t trainRows = 0, valRows = 0, lossTokens = 0, tokens = 0;
    int64_t truncatedRows = 0, rowsWithoutLoss = 0, rowsWithoutEnd = 0, identicalPairs = 0;
    int64_t trainableParameters = 0, totalParameters = 0;

    nlohmann::json toJson() const;
    std::string text() const; // the report in lines
};

// The learning-rate range usual for a method and objective ({low, high}).
std::pair<double, double> usualLearningRates(const std::string& method, const std::string& objective);

// Memory of a fine-tune of `config` (base shape in config.train.model), from the
// parameter counts; documented as an estimate.
MemoryEstimate estimateMemory(const FinetuneConfig& config, int64_t trainableParameters);

// Loads the base, shapes the dataset into a temporary folder, times `timedSteps` steps.
FinetuneCheckReport checkFinetune(const store::Project& project, FinetuneConfig config,
                                  const std::function<void(const std::string&)>& progress = {}, int timedSteps = 3);

} // namespace lw::finetune
