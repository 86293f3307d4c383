// Helper process for the store's multi-process tests.
//
//   store_child write <db> <run-id> <steps-per-batch> <names-per-step>
//       Takes the run's lock, marks it running, prints "ready", then appends batches of
//       steps-per-batch x names-per-step metric points as fast as it can, step after
//       step, until it is killed (or after 60 s, so that a crashed test leaves nothing
//       behind).
//   store_child hold <db> <run-id>
//       Takes the run's lock, marks it running, prints "ready", and waits until its
//       standard input closes (or 60 s).
//   store_child open <db>
//       Opens the store, as user "nobody" when started as root (root ignores file
//       permissions). Prints "opened", or the error, and exits 0 or 3.
#include "core/store/run_lock.h"
#include "core/store/store.h"
#include "core/util/error.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <poll.h>
#include <string>
#include <unistd.h>

using namespace lw::store;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kSafetyLimit = std::chrono::seconds(60);

void say(const std::string& line)
{
    std::string text = line + "\n";
    if (::write(STDOUT_FILENO, text.data(), text.size()) < 0)
        std::perror("write");
}

int writeMetrics(const std::string& db, int64_t runId, int stepsPerBatch, int namesPerStep)
{
    Store store(db, Store::OpenMode::MustExist);
    RunRecord run = store.run(runId);
    RunLock lock(store.absolutePath(run.runDir));
    store.markRunning(runId);
    say("ready");

    std::vector<MetricPoint> batch;
    int64_t step = 0;
    auto start = Clock::now();
    while (Clock::now() - start < kSafetyLimit) {
        batch.clear();
        for (int s = 0; s < stepsPerBatch; ++s, ++step)
            for (int n = 0; n < namesPerStep; ++n)
                batch.push_back(MetricPoint{
                    step, "metric_" + std::to_string(n), 1.0 / double(step + 1) + n, 0});
        store.appendMetrics(runId, batch);
    }
    return 0;
}

int holdLock(const std::string& db, int64_t runId)
{
    Store store(db, Store::OpenMode::MustExist);
    RunRecord run = store.run(runId);
    RunLock lock(store.absolutePath(run.runDir));
    store.markRunning(runId);
    say("ready");
    pollfd input{STDIN_FILENO, POLLIN, 0};
    auto start = Clock::now();
    while (Clock::now() - start < kSafetyLimit) {
        if (::poll(&input, 1, 100) > 0) {
            char buffer[64];
            if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0)
                break; // end of input: the test is done with us
        }
    }
    return 0;
}

int openStore(const std::string& db)
{
    if (::geteuid() == 0) {
        constexpr uid_t kNobody = 65534;
        if (::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) {
            say(std::string("cannot drop privileges: ") + std::strerror(errno));
            return 4;
        }
    }
    try {
        Store store(db);
        store.listRuns();
        say("opened");
        return 0;
    } catch (const lw::Error& e) {
        say(e.what());
        return 3;
    }
}

} // namespace

int main(int argc, char** argv)
{
    std::string mode = argc > 1 ? argv[1] : "";
    try {
        if (mode == "write" && argc == 6)
            return writeMetrics(
                argv[2], std::stoll(argv[3]), std::stoi(argv[4]), std::stoi(argv[5]));
        if (mode == "hold" && argc == 4)
            return holdLock(argv[2], std::stoll(argv[3]));
        if (mode == "open" && argc == 3)
            return openStore(argv[2]);
    } catch (const std::exception& e) {
        say(std::string("error: ") + e.what());
        return 2;
    }
    std::fprintf(stderr, "usage: store_child write|hold|open ...\n");
    return 1;
}
