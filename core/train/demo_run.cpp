#include "core/train/demo_run.h"

#include "core/store/project.h"
#include "core/store/store.h"
#include "core/train/trainer.h"

#include <filesystem>

namespace lw::train {

namespace fs = std::filesystem;

const char* demoDatasetName()
{
    // "-v2": stories as documents with a word-level tokenizer. Runs on an older project's
    // "demo-stories" stay ordinary runs; the demo model is trained again on this one.
    return "demo-stories-v2";
}

DemoRunState findDemoRun(const std::string& projectDir)
{
    DemoRunState found;
    if (!fs::exists(fs::path(projectDir) / store::Project::kStoreFileName))
        return found;
    const store::Project project = store::Project::open(projectDir);
    store::Store store = project.openStoreForListing(); // dead processes' runs read interrupted
    const auto dataset = store.datasetByName(demoDatasetName());
    if (!dataset)
        return found;
    for (const store::RunRecord& run : store.listRuns()) { // newest first
        if (run.datasetId != dataset->id)
            continue;
        const std::string runDir = store.absolutePath(run.runDir);
        DemoRunState state;
        state.runId = run.id;
        state.step = run.step;
        state.maxSteps = run.maxSteps;
        switch (run.status) {
        case store::RunStatus::Created:
        case store::RunStatus::Running:
        case store::RunStatus::Paused:
            state.state = DemoRunState::State::Training;
            return state;
        case store::RunStatus::Completed:
            state.checkpoint = Trainer::bestCheckpointPath(runDir);
            if (!fs::exists(state.checkpoint))
                continue; // its files were deleted: an older run may still serve
            state.state = DemoRunState::State::Ready;
            return state;
        case store::RunStatus::Cancelled:
        case store::RunStatus::Interrupted:
            if (Trainer::listCheckpoints(runDir).empty())
                continue; // stopped before its first checkpoint: nothing to resume
            state.state = DemoRunState::State::Resumable;
            return state;
        case store::RunStatus::Diverged:
        case store::RunStatus::Failed:
            continue;
        }
    }
    return found;
}

} // namespace lw::train
