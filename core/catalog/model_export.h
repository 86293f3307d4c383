#pragma once
// `llmwb export --model M --format hf|gguf`: a Hugging Face folder that transformers loads
// (config.json, model.safetensors with the family's names, generation_config.json, the
// tokenizer files and tokenizer_config.json), written into a staging folder and moved
// into place when complete; or a GGUF file for llama.cpp and Ollama (gguf_model.h).
#include "core/catalog/model_loader.h"
#include "core/catalog/model_locator.h"

#include <cstdint>
#include <functional>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace lw::catalog {

struct ExportOptions {
    std::string format = "hf"; // "hf" (a folder) or "gguf" (a file)
    // hf: f32, f16, bf16; gguf: also q8_0, q4_0, q4_1, q5_0, q5_1 (matrices; norms stay f32).
    // "auto": f32, except that a quantized GGUF model exported as gguf is copied with
    // its blocks unchanged (refused for our int8 and NF4 layouts, which llama.cpp
    // cannot load).
    std::string dtype = "auto";
    std::string output; // a folder (hf) or file (gguf) that must not exist yet
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
