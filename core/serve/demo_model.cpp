#include "core/serve/demo_model.h"

#include "core/store/project.h"
#include "core/store/store.h"
#include "core/train/demo_project.h"
#include "core/train/run_service.h"
#include "core/util/error.h"

#include <filesystem>

namespace lw::serve {

namespace {

// The best checkpoint of the newest completed run trained on the demo dataset.
std::string newestDemoCheckpoint(const store::Project& project, int64_t demoDatasetId)
{
    store::Store store = project.openStoreForListing();
    for (const store::RunRecord& run : store.listRuns()) { // newest first
        if (run.datasetId != demoDatasetId || run.status != store::RunStatus::Completed)
            continue;
        const std::string best = train::Trainer::bestCheckpointPath(store.absolutePath(run.runDir));
        if (std::filesystem::exists(best))
            return best;
    }
    return {};
}

} // namespace

std::string ensureDemoCheckpoint(const std::string& projectDir, train::TrainControl& control,
                                 const std::function<void(const std::string&)>& progress,
                                 const train::EventSink& trainingEvents)
{
    auto say = [&](const std::string& message) {
        if (progress)
            progress(message);
    };
    train::DemoProject demo = train::ensureDemoProject(projectDir, say);
    const store::Project project = store::Project::openOrCreate(demo.projectDir, "Demo");
    std::string checkpoint = newestDemoCheckpoint(project, demo.datasetId);
    if (!checkpoint.empty())
        return checkpoint;

    say("training the demo model once (" + std::to_string(demo.config.max_steps) + " steps); later starts reuse it");
    train::NewRunRequest request;
    request.config = demo.config;
    request.name = "demo";
    request.datasetId = demo.datasetId;
    request.notes = "trained by `llmwb serve --model demo`";
    train::RunOutcome outcome = train::startRun(project, request, control, trainingEvents);
    if (outcome.result.outcome == train::TrainOutcome::Cancelled)
        throw Error("the demo model's training was cancelled (run " + std::to_string(outcome.runId) +
                    "; `llmwb train --resume " + std::to_string(outcome.runId) + "` continues it)");
    if (outcome.result.bestCheckpoint.empty() || !std::filesystem::exists(outcome.result.bestCheckpoint))
        throw Error("the demo model's training ended without a best checkpoint: " + outcome.result.message);
    return outcome.result.bestCheckpoint;
}

} // namespace lw::serve
