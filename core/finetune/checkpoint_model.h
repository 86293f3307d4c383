#pragma once
// The model a fine-tune's checkpoint stands for, to evaluate it while the run trains
// (`llmwb finetune --eval-task`) or afterwards (`llmwb eval scrub`). A full fine-tune's
// checkpoint is a model file; an adapter fine-tune's (LoRA, QLoRA, DoRA) holds only the
// adapter, which is attached (not merged) to the run's base at float precision, as
// `generate --adapter` does.
#include "core/catalog/model_loader.h"
#include "core/finetune/finetune_config.h"
#include "core/finetune/finetune_state_file.h"
#include "core/peft/adapter_set.h"
#include "core/store/project.h"

namespace lw::finetune {

// The adapter settings a fine-tune's method and LoRA fields ask for.
peft::AdapterSettings adapterSettingsOf(const FinetuneSettings& settings);

// Copies the adapter tensors of `state` (read from `path`) into `adapters`; lw::Error
// naming the file and the tensor when one is missing or has another shape.
void loadAdapterTensors(const AdapterState& state, const std::string& path, peft::AdapterSet& adapters);

// Any checkpoint of a run (pretraining, full or adapter fine-tune) as a model on `device`.
catalog::LoadedModel loadCheckpointModel(const store::Project& project, const catalog::ModelLocation& location,
                                         const torch::Device& device);

} // namespace lw::finetune
