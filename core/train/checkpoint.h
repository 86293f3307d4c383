#pragma once
// Checkpoints are safetensors files (so Python tools can read the weights) holding the
// model ("model.<name>"), the AdamW moments ("optim.m.<name>", "optim.v.<name>"), the
// CPU random generator state ("rng.cpu") and, as metadata, the model and training
// configurations and the trainer's state: everything an exact resume needs. They are
// written atomically and carry a sha256 of their own bytes that is checked on load.
#include "core/data/batch_loader.h"
#include "core/model/model_config.h"
#include "core/model/parameter_source.h"
#include "core/model/transformer.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <torch/torch.h>

namespace lw::train {

class FusedAdamW;

struct TrainerState {
    int64_t step = 0;           // optimizer steps completed
    int64_t tokensSeen = 0;
    data::LoaderPosition loader;
    std::optional<double> bestValLoss;
    int64_t bestStep = -1;
    int64_t evalsWithoutImprovement = 0;
    double elapsedSeconds = 0;  // training time so far, across resumes
    nlohmann::json scheduleHistory = nlohmann::json::array(); // extensions: {step, max_steps}

    nlohmann::json toJson() const;
    static TrainerState fromJson(const nlohmann::json& json);
};

struct CheckpointFileInfo {
    uint64_t bytes = 0;
    std::string sha256; // of the whole file, as `sha256sum` prints it
};

struct Checkpoint {
    model::ModelConfig modelConfig;
    nlohmann::json trainConfig;
    TrainerState state;
    std::string tokenizerPath;
    std::map<std::string, torch::Tensor> model;     // parameter name -> tensor (CPU)
    std::map<std::string, torch::Tensor> optimizer; // "m.<name>"/"v.<name>"
    torch::Tensor cpuRngState;                      // may be undefined
};

CheckpointFileInfo saveCheckpoint(const std::string& path, model::Transformer& model, const FusedAdamW* optimizer,
                                  const nlohmann::json& trainConfig, const TrainerState& state,
                                  const std::string& tokenizerPath);

// Verifies the checksum and the structure; lw::Error naming the file otherwise.
Checkpoint loadCheckpoint(const std::string& path, bool withOptimizer = true);

// A checkpoint's model weights read one at a time from its memory map (checksum and
// structure verified first, as loadCheckpoint), without building the model; its
// metadata (no tensors) into `metadataOut`. What export writes from.
model::ParameterSource checkpointParameterSource(const std::string& path, Checkpoint* metadataOut = nullptr);

// Copies checkpoint weights into a model built from checkpoint.modelConfig; every
// parameter must be present with its exact shape, and nothing else may be.
void loadModelWeights(model::Transformer& model, const Checkpoint& checkpoint, const std::string& origin);

// Builds the model of a checkpoint on `device`, ready for inference (eval mode).
model::Transformer loadModelForInference(const std::string& path, const torch::Device& device,
                                         Checkpoint* metadataOut = nullptr);

} // namespace lw::train
