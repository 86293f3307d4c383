#pragma once
// Proof that a run's process is alive: the process running a run holds an exclusive
// flock on <run_dir>/run.lock for as long as it lives. The kernel drops the lock when
// the process dies, however it dies (SIGKILL and crashes included), so "running in the
// store and the lock is free" means the run was interrupted.
//
// flock locks belong to the open file, and the descriptor is opened close-on-exec, so a
// child process started by the trainer does not keep a dead trainer's lock alive.
#include <string>

namespace lw::store {

class RunLock {
public:
    static constexpr const char* kFileName = "run.lock";

    // Creates the run folder and the lock file if needed and takes the lock. Throws
    // lw::Error naming the lock file when another process holds it (its pid and host,
    // as that process wrote them into the file, are in the message).
    explicit RunLock(const std::string& runDir);
    ~RunLock(); // releases the lock (the file stays: removing it would race a new owner)
    RunLock(RunLock&& other) noexcept;
    RunLock& operator=(RunLock&& other) noexcept;
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

    const std::string& path() const { return m_path; }

    // True when some process (this one included) holds the lock of runDir. A missing
    // folder or lock file means nobody does.
    static bool isHeld(const std::string& runDir);

private:
    void release();

    std::string m_path;
    int m_fd = -1;
};

} // namespace lw::store
