#include "app/cli/control_channel.h"

#include <csignal>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <pthread.h>
#include <string>
#include <thread>
#include <unistd.h>

namespace lw::cli {

namespace {

sigset_t terminationSignals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

void watchSignals(train::TrainControl* control)
{
    sigset_t set = terminationSignals();
    int received = 0;
    bool cancelled = false;
    for (;;) {
        if (sigwait(&set, &received) != 0)
            continue;
        if (cancelled)
            std::_Exit(130); // a second interrupt: stop now
        cancelled = true;
        control->requestCancel();
    }
}

void readCommands(train::TrainControl* control)
{
    std::string pending;
    char buffer[4096];
    for (;;) {
        ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0)
            return; // closed: nothing more will come
        pending.append(buffer, size_t(n));
        size_t newline;
        while ((newline = pending.find('\n')) != std::string::npos) {
            std::string line = pending.substr(0, newline);
            pending.erase(0, newline + 1);
            nlohmann::json command = nlohmann::json::parse(line, nullptr, false);
            if (!command.is_object())
                continue;
            const std::string name = command.value("command", "");
            if (name == "pause")
                control->requestPause();
            else if (name == "resume")
                control->requestResume();
            else if (name == "cancel")
                control->requestCancel();
        }
    }
}

} // namespace

void blockTerminationSignals()
{
    sigset_t set = terminationSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

ControlChannel::ControlChannel(train::TrainControl& control, bool readStdin)
{
    // Detached: they live as long as the process (the stdin reader may block forever).
    std::thread(watchSignals, &control).detach();
    if (readStdin)
        std::thread(readCommands, &control).detach();
}

} // namespace lw::cli
