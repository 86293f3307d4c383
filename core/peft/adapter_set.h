#pragma once
// The adapters of one fine-tune: a LoRA or DoRA update on each targeted linear map of a
// model, named and saved as PEFT names and saves them (adapter_config.json plus
// adapter_model.safetensors), so adapters trained here load in PEFT and back.
#include "core/hf/hf_architecture.h"
#include "core/model/transformer.h"
#include "core/peft/adapter_settings.h"
#include "core/peft/adapter_sites.h"
#include "core/peft/frozen_base.h"
#include "core/peft/low_rank_adapter.h"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lw::peft {

class AdapterSet {
public:
    // Fresh adapters for the targeted maps, initialised as PEFT does (A kaiming-uniform
    // with a = sqrt(5), B zero, DoRA's magnitude the row norms of W), seeded; lw::Error
    // naming a target the family does not have (and listing the choices).
    static std::shared_ptr<AdapterSet> create(model::TransformerImpl& model, const hf::HfArchitecture& architecture,
                                              const AdapterSettings& settings, uint64_t seed);
    // A PEFT folder checked against the model: the config's settings, every tensor's
    // name, dtype and shape; lw::Error naming the file and the tensor.
    static std::shared_ptr<AdapterSet> load(const std::string& folder, model::TransformerImpl& model,
                                            const hf::HfArchitecture& architecture);

    // Sets the slot of each adapted map of `model` (which must have the shapes the set
    // was made for).
    void attach(model::TransformerImpl& model);
    // Clears every slot of `model`.
    static void detach(model::TransformerImpl& model);
    // Replaces the base of one map (our site name, e.g. "layers.0.attention.wqkv").
    void setBase(const std::string& siteName, std::shared_ptr<FrozenBase> base);

    // PEFT's key names (base_model.model.<module>.lora_A.weight, ...), trainable tensors.
    std::vector<std::pair<std::string, torch::Tensor>> namedParameters() const;
    int64_t parameterCount() const;
    const AdapterSettings& settings() const { return m_settings; }
    // Dropout applies only while training.
    void setTraining(bool training);

    // Writes adapter_config.json and adapter_model.safetensors (float32) into `folder`
    // (made if missing), each file atomically.
    void save(const std::string& folder, const std::string& baseModelName) const;
    // Replaces the weight of every adapted map of `model` with its merged weight, in the
    // model's dtype, and clears those maps' slots so the update is not applied twice.
    // `model` holds dense weights (a quantised fine-tune merges into the original-precision
    // model). lw::Error when the output head is adapted but tied to the embedding.
    void mergeInto(model::TransformerImpl& model) const;

    const std::vector<std::shared_ptr<LowRankAdapter>>& adapters() const { return m_adapters; }

private:
    AdapterSet(AdapterSettings settings, const hf::HfArchitecture& architecture);
    // Adapters with zero tensors on the model's device, for create() and load() to fill.
    static std::shared_ptr<AdapterSet> allocate(model::TransformerImpl& model, const hf::HfArchitecture& architecture,
                                                const AdapterSettings& settings);
    // The site of `model` each adapter belongs to; lw::Error when the model lacks one.
    std::map<std::string, model::LinearSite> matchingSites(model::TransformerImpl& model) const;

    AdapterSettings m_settings;
    std::string m_architecture;
    bool m_fanInFanOut = false; // GPT-2's Conv1D: PEFT records fan_in_fan_out
    std::vector<std::shared_ptr<LowRankAdapter>> m_adapters;
};

// The PEFT key of a part's tensor: "base_model.model.<module>.<suffix>".
std::string peftKey(const ModulePart& part, const std::string& suffix);

} // namespace lw::peft
