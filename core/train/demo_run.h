#pragma once
// Where the demo model of a project stands, read from the store without creating or
// training anything: what `llmwb serve --model demo` and the Chat panel ask before they
// train, so that the demo model is trained once per project, resumed (never restarted)
// after a cancel, a crash or a quit, and never trained twice at the same time.
#include <cstdint>
#include <string>

namespace lw::train {

struct DemoRunState {
    enum class State {
        Missing,   // no demo run yet (or none that can be continued): train one
        Ready,     // a completed demo run: `checkpoint` is its best checkpoint
        Training,  // a demo run is training now, in this or another process
        Resumable, // a cancelled or interrupted demo run: resume `runId`
    };
    State state = State::Missing;
    int64_t runId = 0;
    std::string checkpoint; // Ready only
    int64_t step = 0;       // the last step the store has of the run
    int64_t maxSteps = 0;
};

// The demo run of the project in `projectDir` (no project yet: Missing). Runs whose
// process died are marked interrupted first, so a crashed training reads Resumable.
DemoRunState findDemoRun(const std::string& projectDir);

// The name of the demo dataset in a project's store (runs on it are demo runs).
const char* demoDatasetName();

} // namespace lw::train
