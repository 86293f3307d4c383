#include "core/finetune/checkpoint_model.h"

#include "core/finetune/finetune_service.h"
#include "core/hf/hf_architecture.h"
#include "core/util/error.h"

namespace lw::finetune {

peft::AdapterSettings adapterSettingsOf(const FinetuneSettings& f)
{
    peft::AdapterSettings a;
    a.method = f.method == "dora" ? peft::AdapterMethod::Dora : peft::AdapterMethod::Lora;
    a.rank = f.lora_rank;
    a.alpha = f.lora_alpha;
    a.dropout = f.lora_dropout;
    a.rslora = f.rslora;
    a.targets = f.lora_targets;
    return a;
}

void loadAdapterTensors(const AdapterState& state, const std::string& path, peft::AdapterSet& adapters)
{
    torch::NoGradGuard noGrad;
    for (auto& [name, p] : adapters.namedParameters()) {
        auto it = state.adapter.find(name);
        if (it == state.adapter.end())
            throw Error::inFile(path, "lacks the adapter tensor '" + name + "'");
        if (it->second.sizes() != p.sizes())
            throw Error::inFile(path, "adapter tensor '" + name + "' has the wrong shape");
        p.copy_(it->second);
    }
}

catalog::LoadedModel loadCheckpointModel(const store::Project& project, const catalog::ModelLocation& location,
                                         const torch::Device& device)
{
    if (!isAdapterState(location.path))
        return catalog::loadModel(location, device);
    const AdapterState state = loadAdapterState(location.path);
    const FinetuneConfig config = FinetuneConfig::fromJson(state.config);
    LoadedBase base = loadFinetuneBase(project, config.finetune, device.str());
    model::TransformerImpl& m = *base.model.model;
    const hf::HfArchitecture& architecture =
        base.architecture.empty() ? hf::architectureForExport(m.config())
                                  : hf::architectureOf({{"architectures", {base.architecture}}}, "base model");
    // Created as the fine-tune created them (the seed only fills tensors replaced here).
    auto adapters = peft::AdapterSet::create(m, architecture, adapterSettingsOf(config.finetune), config.train.seed);
    loadAdapterTensors(state, location.path, *adapters);
    adapters->setTraining(false);
    adapters->attach(m); // the model's slots keep the adapters alive
    return std::move(base.model);
}

} // namespace lw::finetune
