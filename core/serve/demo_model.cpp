#include "core/serve/demo_model.h"

#include "core/store/project.h"
#include "core/store/store.h"
#include "core/train/demo_project.h"
#include "core/train/demo_run.h"
#include "core/train/run_service.h"
#include "core/util/error.h"

#include <chrono>
#include <filesystem>
#include <thread>

namespace lw::serve {

std::string ensureDemoCheckpoint(const std::string& projectDir, train::TrainControl& control,
                                 const std::function<void(const std::string&)>& progress,
                                 const train::EventSink& trainingEvents,
                                 const std::function<void(const train::DemoRunState&)>& waiting)
{
    auto say = [&](const std::string& message) {
        if (progress)
            progress(message);
    };
    train::DemoProject demo = train::ensureDemoProject(projectDir, say);
    const store::Project project = store::Project::openOrCreate(demo.projectDir, "Demo");
    bool toldWaiting = false;
    for (;;) {
        const train::DemoRunState state = train::findDemoRun(demo.projectDir);
        train::RunOutcome outcome;
        switch (state.state) {
        case train::DemoRunState::State::Ready:
            return state.checkpoint;
        case train::DemoRunState::State::Training:
            // Another process (the app, another `serve`) trains it: wait for its result.
            if (!toldWaiting)
                say("waiting for run " + std::to_string(state.runId) + ", which is training the demo model");
            toldWaiting = true;
            if (waiting)
                waiting(state);
            for (int i = 0; i < 10 && !control.cancelRequested(); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (control.cancelRequested())
                throw Error("cancelled while waiting for the demo model's training (run " +
                            std::to_string(state.runId) + ")");
            continue;
        case train::DemoRunState::State::Resumable:
            say("resuming the demo model's training (run " + std::to_string(state.runId) + ", step " +
                std::to_string(state.step) + " of " + std::to_string(state.maxSteps) + ")");
            outcome = train::resumeRun(project, state.runId, std::nullopt, control, trainingEvents);
            break;
        case train::DemoRunState::State::Missing: {
            say("training the demo model once (" + std::to_string(demo.config.max_steps) +
                " steps); later starts reuse it");
            train::NewRunRequest request;
            request.config = demo.config;
            request.name = "demo";
            request.datasetId = demo.datasetId;
            request.notes = "the demo model, trained on first use";
            outcome = train::startRun(project, request, control, trainingEvents);
            break;
        }
        }
        if (outcome.result.outcome == train::TrainOutcome::Cancelled)
            throw Error("the demo model's training was cancelled (run " + std::to_string(outcome.runId) +
                        "); it resumes from its last checkpoint next time");
        if (outcome.result.bestCheckpoint.empty() || !std::filesystem::exists(outcome.result.bestCheckpoint))
            throw Error("the demo model's training ended without a best checkpoint: " + outcome.result.message);
        return outcome.result.bestCheckpoint;
    }
}

} // namespace lw::serve
