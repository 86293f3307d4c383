// The launcher side of `--nproc-per-node`: this command line again, once per local
// rank, with the variables torchrun would set. Rank 0 (on node 0) shares this
// terminal, so its output and events read as a single-process run's; the other ranks'
// output is kept in a file each and shown only when that rank fails.
#include "app/cli/cli_context.h"
#include "app/cli/control_channel.h"
#include "app/cli/distributed_flags.h"
#include "core/distributed/world_info.h"
#include "core/util/error.h"
#include "core/util/free_port.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

extern char** environ;

namespace lw::cli {

namespace {

using LaunchClock = std::chrono::steady_clock;

std::vector<std::string> ownCommandLine()
{
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    std::vector<std::string> args;
    std::string arg;
    while (std::getline(in, arg, '\0'))
        args.push_back(arg);
    if (args.empty())
        throw Error("cannot read this process's command line (/proc/self/cmdline) to start the workers");
    return args;
}

std::string ownExecutable()
{
    char path[4096];
    const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        throw Error("cannot find this program (/proc/self/exe) to start the workers");
    return std::string(path, size_t(n));
}

// A port nothing listens on now; the rendezvous binds it a moment later.
int rendezvousPort()
{
    const int port = util::freeLoopbackPort();
    if (port == 0)
        throw Error("cannot find a free port for the rendezvous: give --master-port");
    return port;
}

struct LaunchedWorker {
    distributed::WorldInfo world;
    pid_t pid = -1;
    std::string logPath; // empty: shares this terminal
    bool done = false;
    int status = 0;
};

std::vector<std::string> environmentFor(const distributed::WorldInfo& world)
{
    const auto vars = distributed::torchrunVariables(world);
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string entry = *e;
        const std::string name = entry.substr(0, entry.find('='));
        bool replaced = false;
        for (const auto& [key, value] : vars)
            replaced = replaced || key == name;
        if (!replaced)
            env.push_back(entry);
    }
    for (const auto& [key, value] : vars)
        env.push_back(key + "=" + value);
    return env;
}

std::vector<char*> argvPointers(std::vector<std::string>& strings)
{
    std::vector<char*> result;
    for (auto& s : strings)
        result.push_back(s.data());
    result.push_back(nullptr);
    return result;
}

void spawnWorker(LaunchedWorker& w, const std::string& exe, std::vector<std::string> args)
{
    std::vector<std::string> env = environmentFor(w.world);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    if (!w.logPath.empty()) {
        posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&files, STDERR_FILENO, w.logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0600);
    }
    // This process blocks SIGINT/SIGTERM for its signal thread; a worker starts with
    // them unblocked, as any program does.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    auto argv = argvPointers(args);
    auto envp = argvPointers(env);
    const int rc = ::posix_spawn(&w.pid, exe.c_str(), &files, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
        throw Error("cannot start the worker of rank " + std::to_string(w.world.rank) + ": " + std::strerror(rc));
}

std::string howItEnded(int status)
{
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* name = ::strsignal(sig);
        return "was killed by signal " + std::to_string(sig) + (name ? std::string(" (") + name + ")" : "");
    }
    return "exited with status " + std::to_string(WEXITSTATUS(status));
}

// Cancelled and diverged runs end every rank together, with those statuses.
bool workerFailed(int status)
{
    if (WIFSIGNALED(status))
        return true;
    const int code = WEXITSTATUS(status);
    return code != kExitOk && code != kExitCancelled && code != kExitDiverged;
}

// The last lines a worker wrote to its log: what it said before it failed.
std::string logTail(const std::string& path)
{
    std::ifstream in(path);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line))
        if (!line.empty())
            lines.push_back(line);
    std::string tail;
    for (size_t i = lines.size() > 3 ? lines.size() - 3 : 0; i < lines.size(); ++i)
        tail += "\n  " + lines[i];
    return tail;
}

void signalWorkers(std::vector<LaunchedWorker>& workers, int sig)
{
    for (auto& w : workers)
        if (!w.done && w.pid > 0)
            ::kill(w.pid, sig);
}

} // namespace

int launchWorkers(CliContext& ctx, const DistributedFlags& flags)
{
    const std::string exe = ownExecutable();
    const std::vector<std::string> args = ownCommandLine();
    int port = flags.masterPort;
    if (port == 0)
        port = flags.nnodes == 1 ? rendezvousPort() : 29500;

    std::vector<LaunchedWorker> workers(size_t(flags.nprocPerNode));
    for (int i = 0; i < flags.nprocPerNode; ++i) {
        LaunchedWorker& w = workers[size_t(i)];
        w.world.rank = flags.nodeRank * flags.nprocPerNode + i;
        w.world.localRank = i;
        w.world.worldSize = flags.nnodes * flags.nprocPerNode;
        w.world.localWorldSize = flags.nprocPerNode;
        w.world.masterAddr = flags.masterAddr;
        w.world.masterPort = port;
        if (w.world.rank != 0) {
            char path[] = "/tmp/llmwb-worker-XXXXXX";
            const int fd = ::mkstemp(path);
            if (fd >= 0)
                ::close(fd);
            w.logPath = path;
        }
    }
    setStopAction([&workers](int sig) { signalWorkers(workers, sig); });
    try {
        for (auto& w : workers)
            spawnWorker(w, exe, args);
    } catch (...) {
        signalWorkers(workers, SIGKILL);
        setStopAction(nullptr);
        throw;
    }

    // Wait for all; after the first failure the others get SIGTERM (they cancel or see
    // the failed rank themselves) and, past the time-out, SIGKILL.
    const LaunchedWorker* firstFailure = nullptr;
    std::optional<LaunchClock::time_point> killAt;
    size_t running = workers.size();
    while (running > 0) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            for (auto& w : workers) {
                if (w.pid != pid || w.done)
                    continue;
                w.done = true;
                w.status = status;
                --running;
                if (workerFailed(status) && !firstFailure) {
                    firstFailure = &w;
                    signalWorkers(workers, SIGTERM);
                    killAt = LaunchClock::now() + flags.timeout() + std::chrono::seconds(15);
                }
            }
            continue;
        }
        if (pid < 0 && errno != EINTR)
            break;
        if (killAt && LaunchClock::now() > *killAt)
            signalWorkers(workers, SIGKILL);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    setStopAction(nullptr);

    int exitCode = WIFEXITED(workers[0].status) ? WEXITSTATUS(workers[0].status) : int(kExitFailed);
    if (firstFailure) {
        const auto& w = *firstFailure;
        std::string message = "rank " + std::to_string(w.world.rank) + " (pid " + std::to_string(w.pid) +
                              ", local rank " + std::to_string(w.world.localRank) + ") " + howItEnded(w.status);
        if (!w.logPath.empty())
            message += logTail(w.logPath);
        message += w.world.rank == 0 ? "" : "; the other processes were stopped";
        if (ctx.events) {
            auto e = train::makeEvent("error");
            e["message"] = message;
            e["rank"] = w.world.rank;
            ctx.emit(e);
        }
        std::cerr << "llmwb: error: " << message << std::endl;
        exitCode = WIFEXITED(w.status) ? WEXITSTATUS(w.status) : int(kExitFailed);
    }
    for (const auto& w : workers)
        if (!w.logPath.empty())
            ::unlink(w.logPath.c_str());
    return exitCode;
}

} // namespace lw::cli
