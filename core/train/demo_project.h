#pragma once
// The demo project a newcomer starts with: a corpus of simple English stories written
// by the project's own generator (core/data/demo_corpus.h), a byte-level BPE tokenizer
// trained on it, the prepared dataset, and a training configuration for the "demo"
// model preset that writes readable stories after about half a minute on two cores.
#include "core/train/train_config.h"

#include <functional>
#include <string>

namespace lw::train {

struct DemoProject {
    std::string projectDir;
    std::string datasetDir;
    std::string tokenizerDir;
    int64_t datasetId = 0;
    TrainConfig config; // ready to train: the demo preset on the demo dataset
};

// Creates what is missing of the demo project in `projectDir` (idempotent, a few
// seconds the first time) and returns it. `progress` gets short messages.
DemoProject ensureDemoProject(const std::string& projectDir,
                              const std::function<void(const std::string&)>& progress = {});

// The demo training configuration for a dataset of `vocabSize` tokens. The environment
// variable LLMWB_DEMO_MAX_STEPS, when set, shortens it (for tests).
TrainConfig demoTrainConfig(const std::string& datasetDir, int64_t vocabSize);

} // namespace lw::train
