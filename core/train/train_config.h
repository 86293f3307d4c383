#pragma once
// Every hyper-parameter of a pretraining run, with the defaults the CLI and the GUI
// show. Stored verbatim with the run and inside its checkpoints.
#include "core/model/model_config.h"

#include <nlohmann/json.hpp>
#include <string>

namespace lw::train {

struct TrainConfig {
    model::ModelConfig model;
    std::string dataset;            // prepared dataset folder
    int64_t batch_size = 8;
    int64_t context = 0;            // tokens per example; 0 = the model's context_length
    int64_t stride = 0;             // distance between example starts; 0 = context
    bool shuffle = true;
    int64_t max_steps = 1000;
    double learning_rate = 6e-4;
    double min_lr_ratio = 0.1;      // the schedule decays to learning_rate * min_lr_ratio
    int64_t warmup_steps = 100;
    std::string lr_schedule = "cosine"; // cosine, linear, constant
    double weight_decay = 0.1;
    double beta1 = 0.9;
    double beta2 = 0.95;
    double adam_eps = 1e-8;
    double grad_clip = 1.0;         // max global gradient norm; 0 = no clipping
    int64_t grad_accum_steps = 1;
    int64_t eval_every = 100;       // steps between validation runs; 0 = never
    int64_t eval_batches = 20;      // validation batches per evaluation; 0 = the whole split
    int64_t sample_every = 200;     // steps between sample generations; 0 = never
    std::string sample_prompt;      // empty: start from the end-of-text token
    int64_t sample_tokens = 48;
    double sample_temperature = 0.8;
    int64_t sample_top_k = 40;
    int64_t checkpoint_every = 500; // steps between checkpoints; 0 = only at the end
    int64_t keep_checkpoints = 3;   // periodic checkpoints kept (the best one is kept apart)
    int64_t early_stopping_patience = 0; // evaluations without improvement before stopping; 0 = off
    double early_stopping_min_delta = 0.0;
    int64_t log_every = 1;          // steps between progress events and metric points
    uint64_t seed = 1337;
    int threads = 0;                // intra-op threads; 0 = all cores
    std::string device = "cpu";     // cpu, cuda, cuda:N
    std::string dtype = "fp32";     // fp32, or bf16 (autocast, where the device supports it)

    int64_t effectiveContext() const { return context > 0 ? context : model.context_length; }
    int64_t effectiveStride() const { return stride > 0 ? stride : effectiveContext(); }
    int64_t tokensPerStep() const { return batch_size * grad_accum_steps * effectiveContext(); }

    void validate() const; // lw::Error naming the field
    nlohmann::json toJson() const;
    // Missing fields keep defaults; unknown fields and wrong types are errors.
    static TrainConfig fromJson(const nlohmann::json& json);
};

// Describes each field (for --help and GUI tooltips): name -> one line.
const std::vector<std::pair<std::string, std::string>>& trainConfigHelp();

} // namespace lw::train
