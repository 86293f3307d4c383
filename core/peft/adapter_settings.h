#pragma once
// The settings of a low-rank adapter fine-tune (LoRA or DoRA), named and defaulted as in
// PEFT's LoraConfig where the two overlap, so an adapter_config.json maps onto them.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace lw::peft {

enum class AdapterMethod { Lora, Dora };

std::string adapterMethodName(AdapterMethod method); // "lora", "dora"
AdapterMethod adapterMethodFromName(const std::string& name); // lw::Error naming "adapter_method"

// PEFT's shortcut for every linear map except the output head.
inline const char* const kAllLinear = "all-linear";

struct AdapterSettings {
    AdapterMethod method = AdapterMethod::Lora;
    int64_t rank = 8;
    double alpha = 16;
    double dropout = 0.05;
    bool rslora = false;              // scale alpha/sqrt(rank) instead of alpha/rank
    std::vector<std::string> targets; // Hugging Face module names ("q_proj", "c_attn", "lm_head") or "all-linear"

    // The factor on B(A(x)): alpha/rank, or alpha/sqrt(rank) with rsLoRA.
    double scale() const;
    // lw::Error naming the field: "lora_rank", "lora_alpha", "lora_dropout", "lora_targets".
    void validate() const;
    nlohmann::json toJson() const;
    // Missing fields keep their defaults; wrong types and unknown fields are errors.
    static AdapterSettings fromJson(const nlohmann::json& json);
};

} // namespace lw::peft
