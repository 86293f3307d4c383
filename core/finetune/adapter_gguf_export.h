#pragma once
// `llmwb adapter export --format gguf`: an adapter (a PEFT folder or a fine-tune run)
// checked against its base and written as a llama.cpp GGUF adapter file
// (gguf_model/gguf_adapter.h). The base is the one the adapter was trained from
// (adapter_config.json's base_model_name_or_path, which our fine-tunes set to the base's
// path) unless one is given; llama.cpp needs that base exported as GGUF too.
#include "core/store/project.h"

#include <cstdint>
#include <functional>
#include <string>

namespace lw::finetune {

struct AdapterGgufExportRequest {
    std::string adapter; // resolveAdapterDir's forms
    std::string base;    // --model's forms; "": the adapter's recorded base
    std::string output;  // a .gguf file that must not exist yet
    std::string dtype = "f32"; // f32 or f16
};

struct AdapterGgufExportResult {
    std::string path;
    std::string adapterDir;
    std::string base; // how the base was named
    std::string architecture;
    int64_t tensors = 0;
    uint64_t bytes = 0;
    std::string sha256;
};

// The base `dir`'s adapter_config.json records; lw::Error naming the file when it
// records none.
std::string recordedAdapterBase(const std::string& dir);

// `progress` gets 0..1; returning false cancels, and no file is left behind.
AdapterGgufExportResult exportAdapterAsGguf(const store::Project& project, const AdapterGgufExportRequest& request,
                                            const std::function<bool(double)>& progress = {});

} // namespace lw::finetune
