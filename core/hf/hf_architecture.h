#pragma once
// The Hugging Face architectures the workbench reads and writes, as data: for each, the
// config.json keys that map onto ModelConfig and the tensor names that map onto our
// parameters. A new Llama-like architecture is a new table entry, not new code.
#include "core/model/model_config.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::hf {

// How a Hugging Face tensor becomes ours.
enum class TensorLayout {
    Same,        // same shape and layout
    Transposed,  // GPT-2's Conv1D stores (in, out); we store (out, in)
    ConcatRows,  // several tensors stacked along dim 0 (q, k and v into one projection)
};

// When a tensor exists at all.
enum class TensorCondition { Always, Bias, QkvBias, Untied };

struct TensorRule {
    std::string ours;                // "layers.{i}.attention.wqkv.weight"
    std::vector<std::string> theirs; // one name, or the parts of a ConcatRows, "{i}" for the layer
    TensorLayout layout = TensorLayout::Same;
    TensorCondition when = TensorCondition::Always;
    bool perLayer = false;
};

struct HfArchitecture {
    std::string architecture; // config.json "architectures"[0], e.g. "Qwen2ForCausalLM"
    std::string modelType;    // config.json "model_type", e.g. "qwen2"
    model::Family family;
    std::string ggufArchitecture; // general.architecture in GGUF files
    std::vector<std::string> namePrefixes; // tried in order on read ("transformer." or "")
    std::vector<TensorRule> tensors;
    // Tensors some checkpoints carry that are buffers, not weights (masks, rotary tables).
    std::vector<std::string> ignoredSuffixes;
    bool qkvBias = false; // the architecture always has q/k/v biases (Qwen2)
};

const std::vector<HfArchitecture>& hfArchitectures();

// The entry for a config.json: by "architectures" first, then "model_type"; lw::Error
// naming the file and listing the known ones otherwise.
const HfArchitecture& architectureOf(const nlohmann::json& config, const std::string& origin);
// The entry that exports a model of our family (gpt2 -> GPT2LMHeadModel, llama ->
// LlamaForCausalLM, or Qwen2ForCausalLM when the model has q/k/v biases).
const HfArchitecture& architectureForExport(const model::ModelConfig& config);

// config.json to ModelConfig; lw::Error naming the file and key for a missing key, a
// wrong type, or a setting we do not implement (another activation, attention biases
// on the output, YaRN scaling...). Notes on settings adapted (a sliding window wider
// than the context) go to `notes`.
model::ModelConfig modelConfigFromHf(const nlohmann::json& config, const HfArchitecture& architecture,
                                     const std::string& origin, std::vector<std::string>* notes = nullptr);
// The config.json that transformers needs to rebuild the model ("torch_dtype" as given).
// Llama-family heads of their own width are written as head_dim; GPT-2's config has no
// such key, so a GPT-2 model with head_dim stated is refused (lw::Error naming head_dim).
nlohmann::json hfConfigFromModel(const model::ModelConfig& config, const HfArchitecture& architecture,
                                 const std::string& torchDtype, int64_t bosId, int64_t eosId);

// The rules that apply to a model of this config, per-layer ones expanded for every layer.
struct ExpandedRule {
    std::string ours;
    std::vector<std::string> theirs; // without a prefix
    TensorLayout layout;
};
std::vector<ExpandedRule> expandTensorRules(const HfArchitecture& architecture, const model::ModelConfig& config);
bool isIgnoredTensor(const HfArchitecture& architecture, const std::string& name);

} // namespace lw::hf
