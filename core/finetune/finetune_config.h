#pragma once
// Every setting of a fine-tune: what it starts from (a model), what it learns from (a
// dataset of the project), how (the method and the objective) and the trainer's own
// settings (train::TrainConfig: steps, learning rate, schedule, batch, evaluation,
// checkpoints). Stored with the run: the TrainConfig's JSON with a "finetune" object.
#include "core/train/train_config.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::finetune {

struct FinetuneSettings {
    std::string base;          // the model: run id, checkpoint, model name, HF folder, .gguf
    std::string dataset;       // a records dataset (shaped here) or a token set of the project
    std::string method = "lora";    // full, lora, qlora, dora
    std::string objective = "sft";  // sft, dpo, ipo, orpo, simpo, classify
    std::string chat_template;      // "": the model's own template, else chatml (a name or a file)
    std::string loss = "assistant"; // assistant, all
    bool packing = false;
    double neftune_alpha = 0;       // 0: off
    int64_t lora_rank = 8;
    double lora_alpha = 16;
    double lora_dropout = 0.05;
    std::vector<std::string> lora_targets{"all-linear"};
    bool rslora = false;
    double lora_plus_ratio = 1;     // learning rate of B over that of A (LoRA+); 1: off
    double beta = 0.1;              // DPO/IPO/SimPO beta, ORPO lambda
    double label_smoothing = 0;     // DPO (conservative DPO)
    double simpo_gamma = 0.5;       // SimPO target margin
    double epochs = 0;              // >0: max_steps from the train split's size
    int64_t val_rows = 0;           // rows held out when the dataset has no validation split; 0: a tenth, at most 200
    int64_t trainable_blocks = 1;   // classify: last transformer blocks that train with the head (0: the head only)

    bool usesAdapter() const { return method != "full"; }
    bool isClassification() const { return objective == "classify"; }
    bool isPreference() const { return objective != "sft" && !isClassification(); }
    bool needsReference() const { return objective == "dpo" || objective == "ipo"; }
    void validate() const; // lw::Error naming the field
    nlohmann::json toJson() const;
    static FinetuneSettings fromJson(const nlohmann::json& json);
};

struct FinetuneConfig {
    FinetuneSettings finetune;
    train::TrainConfig train; // model: the base's shape; dataset: the shaped data folder

    void validate() const;
    nlohmann::json toJson() const; // TrainConfig's fields and "finetune"
    static FinetuneConfig fromJson(const nlohmann::json& json);
};

// The trainer settings a fine-tune starts from: short runs, warm-up of 10 steps, no
// weight decay, and a learning rate that suits the method and the objective (adapters
// take a larger one than full weights; preference tuning a smaller one than SFT).
train::TrainConfig finetuneTrainDefaults(const std::string& method = "lora", const std::string& objective = "sft");

// Describes each FinetuneSettings field (for --help and GUI tooltips).
const std::vector<std::pair<std::string, std::string>>& finetuneSettingsHelp();

} // namespace lw::finetune
