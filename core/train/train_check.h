#pragma once
// The pre-flight check of a pretraining run (`llmwb train --check`, the Train panel's
// Check): what would waste the run, said before it starts, and what it will cost.
//   errors (the run cannot start or would be useless): a tokenizer vocabulary larger
//     than the model's vocab_size, a training split shorter than one sequence;
//   warnings: a vocabulary much smaller than vocab_size (embedding rows never trained),
//     fewer sequences than one batch, less than one epoch or so many epochs that the
//     model memorises the data, a context longer than the documents, a learning rate
//     far outside the usual range for the model's size, warm-up longer than the run, a
//     checkpoint interval longer than the run;
//   estimates: memory, time per step (a few real steps on a throw-away model, nothing
//     written to the store or the project) and disk for the checkpoints the run keeps.
#include "core/data/dataset.h"
#include "core/train/preflight_check.h"
#include "core/train/train_config.h"

#include <functional>
#include <string>

namespace lw::train {

struct TrainCheckReport : PreflightReport {
    int64_t trainTokens = 0, valTokens = 0, documents = 0;
    int64_t datasetVocabulary = 0, modelVocabulary = 0;
    int64_t parameters = 0, context = 0, tokensPerStep = 0;
    double epochs = 0; // max_steps * tokens per step / training tokens

    nlohmann::json toJson() const;
    std::string text() const; // the report in lines
};

// The peak learning rates usual for pretraining a model of `parameters` ({low, high}):
// about 6e-4 at 125M parameters, falling as the model grows (GPT-3's table follows
// parameters^-0.35 closely), within a factor of 3 either way.
std::pair<double, double> usualPretrainingLearningRates(int64_t parameters);

// Bytes of the checkpoints a run of `config` keeps at once: the newest keep_checkpoints
// periodic ones (weights and optimizer moments; one is always written at the end) and,
// when it validates, best.ckpt (weights only).
int64_t pretrainingCheckpointBytes(const TrainConfig& config, int64_t parameters, bool validates);

// The findings and estimates that need no step: from the config and the dataset's info.
TrainCheckReport inspectTraining(const TrainConfig& config, const data::DatasetInfo& dataset);

// inspectTraining(), then (when nothing blocks) `timedSteps` real steps timed in a
// temporary folder. `config` as validated for a new run.
TrainCheckReport checkTraining(TrainConfig config, const std::function<void(const std::string&)>& progress = {},
                               int timedSteps = 3);

} // namespace lw::train
