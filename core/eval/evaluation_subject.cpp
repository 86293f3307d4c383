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
    if (location.runId) {
        record.runId = location.runId;
        record.modelInfo["run_id"] = *location.runId;
        record.step = checkpointStep(store, *location.runId, location.path);
        if (record.step)
            record.modelInfo["step"] = *record.step;
    }
    return record;
}

} // namespace lw::eval
