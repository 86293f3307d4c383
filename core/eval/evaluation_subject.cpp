#include "core/eval/evaluation_subject.h"

#include <filesystem>

namespace lw::eval {

namespace {

// The step of the run's checkpoint at `path` (its artifact row), when it is one.
std::optional<int64_t> checkpointStep(store::Store& store, int64_t runId, const std::string& path)
{
    std::error_code ec;
    for (const auto& artifact : store.artifacts(runId)) {
        if (!artifact.step)
            continue;
        if (std::filesystem::equivalent(store.absolutePath(artifact.path), path, ec))
            return artifact.step;
    }
    return std::nullopt;
}

// The run that wrote the checkpoint file at `path`, when one of the project's did (a
// checkpoint named by its path, as the Evaluate panel's scrub names them).
std::optional<int64_t> runOfCheckpoint(store::Store& store, const std::string& path)
{
    std::error_code ec;
    for (const auto& run : store.listRuns())
        for (const auto& artifact : store.artifacts(run.id))
            if (std::filesystem::equivalent(store.absolutePath(artifact.path), path, ec))
                return run.id;
    return std::nullopt;
}

} // namespace

store::EvaluationRecord newEvaluation(store::Store& store, const std::string& task, const std::string& modelSpec,
                                      const catalog::ModelLocation& location, const std::string& toolVersion)
{
    store::EvaluationRecord record;
    record.task = task;
    record.model = modelSpec;
    record.toolVersion = toolVersion;
    record.modelInfo = {{"format", catalog::formatName(location.format)},
                        {"path", location.path},
                        {"label", location.label}};
    if (location.modelId)
        record.modelInfo["model_id"] = *location.modelId;
    std::optional<int64_t> runId = location.runId;
    if (!runId && location.format == catalog::ModelFormat::Checkpoint)
        runId = runOfCheckpoint(store, location.path);
    if (runId) {
        record.runId = runId;
        record.modelInfo["run_id"] = *runId;
        record.step = checkpointStep(store, *runId, location.path);
        if (record.step)
            record.modelInfo["step"] = *record.step;
    }
    return record;
}

} // namespace lw::eval
