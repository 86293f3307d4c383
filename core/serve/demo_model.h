#pragma once
// What `llmwb serve --model demo` serves, so that a newcomer can try the API at once:
// the best checkpoint of the project's demo run (train/demo_run.h). When there is none
// yet, the demo project is created and the demo model trained once, recorded in the
// project like any other run; a cancelled or interrupted demo run is resumed, and one
// that another process is training is waited for.
#include "core/train/demo_run.h"
#include "core/train/events.h"
#include "core/train/train_control.h"

#include <functional>
#include <string>

namespace lw::serve {

// The demo checkpoint of the project in `projectDir`, trained first when missing.
// `progress` gets short messages, `trainingEvents` the run's events (docs/events.md),
// `waiting` the demo run's state (its step, from the store) about once a second while
// another process trains it; `control` cancels the training (lw::Error then).
std::string ensureDemoCheckpoint(const std::string& projectDir, train::TrainControl& control,
                                 const std::function<void(const std::string&)>& progress = {},
                                 const train::EventSink& trainingEvents = {},
                                 const std::function<void(const train::DemoRunState&)>& waiting = {});

} // namespace lw::serve
