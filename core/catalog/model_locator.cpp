#include "core/catalog/model_locator.h"

#include "core/train/trainer.h"
#include "core/util/error.h"

#include <algorithm>
#include <filesystem>

namespace lw::catalog {

namespace fs = std::filesystem;

namespace {

bool allDigits(const std::string& s)
{
    return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

std::string formatName(ModelFormat format)
{
    switch (format) {
    case ModelFormat::Checkpoint:
        return "checkpoint";
    case ModelFormat::HfFolder:
        return "hf";
    case ModelFormat::Gguf:
        return "gguf";
    }
    return "?";
}

std::optional<ModelFormat> formatOfPath(const std::string& path)
{
    std::error_code ec;
    const fs::path p(path);
    if (fs::is_directory(p, ec))
        return fs::is_regular_file(p / "config.json", ec) ? std::optional(ModelFormat::HfFolder) : std::nullopt;
    if (!fs::is_regular_file(p, ec))
        return std::nullopt;
    if (p.extension() == ".gguf")
        return ModelFormat::Gguf;
    // step-N.ckpt and best.ckpt as `llmwb train` writes them, or a checkpoint saved as .safetensors.
    if (p.extension() == ".ckpt" || p.extension() == ".safetensors")
        return ModelFormat::Checkpoint;
    return std::nullopt;
}

std::string runCheckpoint(const store::Project& project, int64_t runId, bool best)
{
    store::Store store = project.openStore();
    auto run = store.findRun(runId);
    if (!run)
        throw Error("there is no run " + std::to_string(runId) + " in " + project.root());
    const std::string runDir = store.absolutePath(run->runDir);
    if (best) {
        const std::string path = train::Trainer::bestCheckpointPath(runDir);
        if (!fs::exists(path))
            throw Error("run " + std::to_string(runId) + " has no best checkpoint (it never ran a validation)");
        return path;
    }
    auto all = train::Trainer::listCheckpoints(runDir);
    if (all.empty())
        throw Error("run " + std::to_string(runId) + " has no checkpoint yet");
    return all.back();
}

ModelLocation locateModel(const std::string& spec, const store::Project* project)
{
    if (spec.empty())
        throw Error::inField("model", "empty model name");
    ModelLocation at;
    std::error_code ec;
    if (fs::exists(spec, ec)) {
        auto format = formatOfPath(spec);
        if (!format)
            throw Error::inFile(spec, "not a model: expected a checkpoint (.ckpt, .safetensors), a .gguf file or a Hugging "
                                      "Face folder (with config.json)");
        at.format = *format;
        at.path = fs::absolute(spec).lexically_normal().string();
        at.label = spec;
        return at;
    }
    if (project) {
        std::string id = spec;
        bool best = false;
        if (id.size() > 5 && id.compare(id.size() - 5, 5, ":best") == 0) {
            id.resize(id.size() - 5);
            best = true;
        }
        if (allDigits(id)) {
            at.runId = std::stoll(id);
            at.format = ModelFormat::Checkpoint;
            at.path = runCheckpoint(*project, *at.runId, best);
            at.label = "run " + id + (best ? " (best checkpoint)" : " (newest checkpoint)");
            return at;
        }
        store::Store store = project->openStore();
        if (auto record = store.modelByName(spec)) {
            at.modelId = record->id;
            at.path = store.absolutePath(record->path);
            auto format = formatOfPath(at.path);
            if (!format)
                throw Error("model '" + spec + "' is missing its files (" + at.path + ")");
            at.format = *format;
            at.label = "model '" + spec + "'";
            return at;
        }
        std::string names;
        for (const auto& m : store.models())
            names += (names.empty() ? "" : ", ") + m.name;
        throw Error("no model '" + spec + "': not a file or folder, not a run id, and the project has no model of "
                    "that name (its models: " + (names.empty() ? std::string("none") : names) + ")");
    }
    throw Error("no model '" + spec + "': not a file or folder (names and run ids need a project)");
}

} // namespace lw::catalog
