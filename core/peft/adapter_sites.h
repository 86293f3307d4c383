#pragma once
// Where adapters go, computed from a config and the architecture table without building
// a model: each of our linear maps, the Hugging Face modules it is made of (a fused
// Llama qkv is q_proj, k_proj and v_proj, each a block of its rows) and their PEFT
// module paths, and which of them a list of targets selects.
#include "core/hf/hf_architecture.h"
#include "core/model/model_config.h"
#include "core/peft/adapter_settings.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lw::peft {

// One Hugging Face module: a block of rows of one of our linear maps.
struct ModulePart {
    std::string module; // path in the transformers model: "transformer.h.0.attn.c_attn", "lm_head"
    int64_t rowOffset = 0;
    int64_t rows = 0;
};

// One of our linear maps (named as model::linearSites names it) and its modules.
struct SiteLayout {
    std::string site;
    bool head = false;
    int64_t out = 0, in = 0;
    std::vector<ModulePart> parts;
};

// Every linear map of a model of `config`, layer by layer, then the output head.
std::vector<SiteLayout> siteLayouts(const hf::HfArchitecture& architecture, const model::ModelConfig& config);

// PEFT's rule: a target names a module when it is its whole path or the path's last
// components ("c_proj" names attn.c_proj and mlp.c_proj).
bool targetNamesModule(const std::string& target, const std::string& modulePath);

// The layouts with only the parts that `targets` select (sites with none left out);
// lw::Error on the field "lora_targets" for a target that names no module of the
// family, listing the choices.
std::vector<SiteLayout> targetedLayouts(const hf::HfArchitecture& architecture, const model::ModelConfig& config,
                                        const std::vector<std::string>& targets);

// The module names a user may pick for this family ("q_proj", ..., "lm_head").
std::vector<std::string> targetChoices(const hf::HfArchitecture& architecture);

// Trainable parameters of the adapters `settings` describe on a model of `config`.
int64_t adapterParameterCount(const model::ModelConfig& config, const hf::HfArchitecture& architecture,
                              const AdapterSettings& settings);

} // namespace lw::peft
