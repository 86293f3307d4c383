#pragma once
// Adapters named on the command line and in the GUI: a PEFT folder (adapter_config.json
// and adapter_model.safetensors), or a fine-tune run of the project (its adapter/
// folder, or "RUN:best" for adapter-best/). Loading checks the adapter against the base
// (family, names, shapes) and attaches it; merging writes base + adapter as a new model
// of the project, at the base's own precision.
#include "core/catalog/model_loader.h"
#include "core/peft/adapter_set.h"
#include "core/store/project.h"
#include "core/store/records.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace lw::finetune {

// The folder of `spec`; lw::Error naming what was looked for when nothing matches.
std::string resolveAdapterDir(const std::string& spec, const store::Project* project);

// Loads the adapter at `dir` for `base` and attaches it to the base's model.
std::shared_ptr<peft::AdapterSet> attachAdapter(catalog::LoadedModel& base, const std::string& dir,
                                                const store::Project* project);

// The chat template the adapter was trained with (written by our fine-tunes), if any.
std::optional<generate::ChatTemplate> adapterChatTemplate(const std::string& dir);

struct AdapterMergeRequest {
    std::string base;    // --model's forms
    std::string adapter; // resolveAdapterDir's forms
    std::string name;    // of the new model
    std::string dtype = "f32";
};

// Returning false cancels; nothing stays behind.
store::ModelRecord mergeAdapterIntoProject(const store::Project& project, const AdapterMergeRequest& request,
                                           const std::function<bool(double)>& progress = {});

} // namespace lw::finetune
