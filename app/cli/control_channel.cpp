#include "app/cli/control_channel.h"

#include "app/cli/control_command.h"

#include <csignal>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <string>
#include <thread>
#include <unistd.h>

namespace lw::cli {

namespace {

// Shared by the signal watcher and the stdin reader; both outlive any command.
struct StopState {
    std::mutex mutex;
    StopAction action;
    train::TrainControl* control = nullptr; // the job the stdin commands reach
};

StopState& stopState()
{
    static StopState* state = new StopState; // never destroyed: detached threads use it
    return *state;
}

sigset_t terminationSignals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

void watchSignals()
{
    sigset_t set = terminationSignals();
    for (;;) {
        int received = 0;
        if (sigwait(&set, &received) != 0)
            continue;
        StopState& state = stopState();
        std::lock_guard<std::mutex> lock(state.mutex);
        if (!state.action)
            std::_Exit(128 + received); // nothing to stop gracefully: end as the signal would
        state.action(received);
    }
}

void readCommands()
{
    ControlLineSplitter lines;
    std::string line;
    char buffer[4096];
    for (;;) {
        ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0)
            return; // closed: nothing more will come
        lines.append(std::string_view(buffer, size_t(n)));
        while (lines.nextLine(line)) {
            const ControlCommand command = parseControlCommand(line);
            if (command == ControlCommand::None)
                continue;
            StopState& state = stopState();
            std::lock_guard<std::mutex> lock(state.mutex);
            if (!state.control)
                continue;
            if (command == ControlCommand::Pause)
                state.control->requestPause();
            else if (command == ControlCommand::Resume)
                state.control->requestResume();
            else if (command == ControlCommand::Cancel)
                state.control->requestCancel();
        }
    }
}

} // namespace

void watchTerminationSignals()
{
    sigset_t set = terminationSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread(watchSignals).detach(); // lives as long as the process
}

StopAction stopOnceThenExit(std::function<void()> stop)
{
    auto stopped = std::make_shared<bool>(false);
    return [stop = std::move(stop), stopped](int) {
        if (*stopped)
            std::_Exit(130); // a second signal: stop now
        *stopped = true;
        stop();
    };
}

void setStopAction(StopAction action)
{
    StopState& state = stopState();
    std::lock_guard<std::mutex> lock(state.mutex);
    state.action = std::move(action);
}

ControlChannel::ControlChannel(train::TrainControl& control, bool readStdin)
{
    {
        StopState& state = stopState();
        std::lock_guard<std::mutex> lock(state.mutex);
        state.control = &control;
        state.action = stopOnceThenExit([&control] { control.requestCancel(); });
    }
    if (readStdin)
        std::thread(readCommands).detach(); // may block on stdin for ever
}

ControlChannel::~ControlChannel()
{
    StopState& state = stopState();
    std::lock_guard<std::mutex> lock(state.mutex);
    state.control = nullptr;
    // A signal now finds no job to cancel: it ends the process, as the job has ended.
    state.action = nullptr;
}

} // namespace lw::cli
