#pragma once
// Outside requests reach a running job here: SIGINT/SIGTERM cancel it gracefully (a
// second one ends the process at once), and with --events the commands of
// docs/events.md are read from standard input.
#include "core/train/train_control.h"

namespace lw::cli {

// Call at the top of main(), before any thread exists, so that every later thread
// inherits the blocked signal mask and signals reach the dedicated watcher thread.
void blockTerminationSignals();

class ControlChannel {
public:
    ControlChannel(train::TrainControl& control, bool readStdin);
    ControlChannel(const ControlChannel&) = delete;
    ControlChannel& operator=(const ControlChannel&) = delete;
};

} // namespace lw::cli
