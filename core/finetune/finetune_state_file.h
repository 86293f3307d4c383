#pragma once
// The checkpoint of an adapter fine-tune: the adapter's tensors ("adapter.<PEFT key>"),
// their AdamW moments ("optim.m.<key>", "optim.v.<key>"), the CPU random state and, as
// metadata, the run's configuration and the trainer's state; a safetensors file with
// an embedded checksum, like the pretraining checkpoints (core/train/checkpoint.h) but
// without the base model's weights, which the run names instead.
#include "core/train/adamw.h"
#include "core/train/checkpoint.h"

#include <map>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace lw::finetune {

struct AdapterState {
    nlohmann::json config;
    train::TrainerState state;
    std::map<std::string, torch::Tensor> adapter, optimizer;
    torch::Tensor cpuRngState;
};

train::CheckpointFileInfo saveAdapterState(const std::string& path,
                                           const std::vector<std::pair<std::string, torch::Tensor>>& adapter,
                                           const train::FusedAdamW& optimizer, const nlohmann::json& config,
                                           const train::TrainerState& state);

// Whether a checkpoint file is an adapter state (by its metadata, reading the header only).
bool isAdapterState(const std::string& path);

// lw::Error naming the file when it is damaged or not an adapter state.
AdapterState loadAdapterState(const std::string& path);

} // namespace lw::finetune
