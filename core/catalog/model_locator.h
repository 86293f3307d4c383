#pragma once
// One way to name a model everywhere (`--model M` on generate, chat, serve, bench,
// export, merge...): M is a run id ("3", or "3:best" for its best checkpoint), a
// checkpoint file written by `llmwb train`, a model of the project by name, a Hugging
// Face folder, or a .gguf file.
#include "core/store/project.h"

#include <cstdint>
#include <optional>
#include <string>

namespace lw::catalog {

enum class ModelFormat { Checkpoint, HfFolder, Gguf };

std::string formatName(ModelFormat format); // "checkpoint", "hf", "gguf"

struct ModelLocation {
    ModelFormat format = ModelFormat::Checkpoint;
    std::string path;  // absolute: the checkpoint file, the folder or the .gguf file
    std::string label; // how to name it in messages: "run 3 (newest checkpoint)", "model 'qwen'"
    std::optional<int64_t> runId;
    std::optional<int64_t> modelId;
};

// The format of a path on disk, or nullopt when it is none of them.
std::optional<ModelFormat> formatOfPath(const std::string& path);

// Resolves M. Paths win over names (a folder named like a model is the folder). Without
// a project only paths resolve. lw::Error saying what M could have been and listing the
// project's models when nothing matches.
ModelLocation locateModel(const std::string& spec, const store::Project* project);

// The newest (or best) checkpoint of a run; lw::Error when it has none.
std::string runCheckpoint(const store::Project& project, int64_t runId, bool best);

} // namespace lw::catalog
