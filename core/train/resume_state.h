#pragma once
// The steps every resume takes, for pretraining and every fine-tune alike: a full
// checkpoint's weights, AdamW moments and CPU random state back into the session, and
// a new --max-steps recorded in the trainer state's schedule history (where the
// learning-rate schedule was re-planned).
#include "core/train/adamw.h"
#include "core/train/checkpoint.h"

#include <optional>

namespace lw::train {

// Loads checkpoint `path` (verified) into `model` and `optimizer`, restores the CPU
// generator, and returns the trainer state it recorded; lw::Error naming the file when
// it was written for another model shape or lacks a weight.
TrainerState restoreCheckpoint(const std::string& path, model::Transformer& model, FusedAdamW& optimizer);

// Nothing when `newMaxSteps` is empty or equal to `maxSteps`; lw::Error naming
// max_steps when it does not exceed the step the run reached.
void extendSchedule(TrainerState& state, int64_t& maxSteps, std::optional<int64_t> newMaxSteps);

} // namespace lw::train
