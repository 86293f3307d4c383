#pragma once
// `llmwb import --from PATH --name NAME`: a Hugging Face folder (or, later, a GGUF file)
// is checked without reading its weights, copied into the project's models/ folder with
// each file's sha256, and recorded in the store, so every command can name it.
#include "core/store/project.h"
#include "core/store/records.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lw::catalog {

struct ImportProgress {
    uint64_t bytesDone = 0;
    uint64_t bytesTotal = 0;
    std::string file; // the file being copied
};
// Returning false cancels: nothing stays behind.
using ImportProgressCallback = std::function<bool(const ImportProgress&)>;

struct ImportResult {
    store::ModelRecord record;
    std::string folder;                // absolute
    std::vector<std::string> notes;    // settings adapted, files left out
};

// lw::Error naming the file when the source is not a model we can load, the name is
// taken, or a copy fails (the partial copy is removed).
ImportResult importModel(const store::Project& project, const std::string& from, const std::string& name,
                         const ImportProgressCallback& progress = {});

// Removes the model's row and its folder under models/ (files elsewhere are left alone).
void deleteModel(const store::Project& project, const std::string& name);

} // namespace lw::catalog
