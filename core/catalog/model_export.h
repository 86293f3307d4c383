#pragma once
// `llmwb export --model M --format hf`: a Hugging Face folder that transformers loads
// (config.json, model.safetensors with the family's names, generation_config.json, the
// tokenizer files and tokenizer_config.json), written into a staging folder and moved
// into place when complete.
#include "core/catalog/model_loader.h"
#include "core/catalog/model_locator.h"

#include <cstdint>
#include <functional>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace lw::catalog {

struct ExportOptions {
    std::string format = "hf";
    torch::ScalarType dtype = torch::kFloat;
    std::string output; // a folder that must not exist yet
};

struct ExportResult {
    std::string path;
    std::vector<std::string> files; // names written
    uint64_t bytes = 0;
    std::vector<std::string> notes;
};

// Called between steps with a fraction and what is being written; false cancels.
using ExportProgress = std::function<bool(double fraction, const std::string& step)>;

// Writes `loaded` (its weights as they are now) as a Hugging Face folder into `folder`,
// which exists: what export and merge write.
void writeHfFolder(LoadedModel& loaded, const std::string& folder, torch::ScalarType dtype,
                   std::vector<std::string>& notes);

ExportResult exportModel(const ModelLocation& location, const ExportOptions& options, const ExportProgress& progress = {});

} // namespace lw::catalog
