#pragma once
// Outside requests reach a running job here: SIGINT/SIGTERM cancel it gracefully (a
// second one ends the process at once), and with --events the commands of
// docs/events.md are read from standard input. A command that sets no stop action (a
// benchmark, a listing) ends at once on the first signal, with status 128 + signal.
#include "core/train/train_control.h"

#include <functional>

namespace lw::cli {

// Call at the top of main(), before any thread exists: every later thread inherits the
// blocked signal mask, and one watcher thread takes SIGINT and SIGTERM for the process.
void watchTerminationSignals();

// What SIGINT/SIGTERM do instead of ending the process: `action(signal)` runs on the
// watcher thread for every signal while it is set. An empty action restores the default.
using StopAction = std::function<void(int signal)>;
void setStopAction(StopAction action);

// The usual action: the first signal runs `stop` (cancel gracefully), a second ends the
// process at once with status 130.
StopAction stopOnceThenExit(std::function<void()> stop);

// While it lives, signals and (with readStdin) the stdin commands pause, resume and
// cancel reach `control`.
class ControlChannel {
public:
    ControlChannel(train::TrainControl& control, bool readStdin);
    ~ControlChannel();
    ControlChannel(const ControlChannel&) = delete;
    ControlChannel& operator=(const ControlChannel&) = delete;
};

} // namespace lw::cli
