#include "core/store/run_lock.h"

#include "core/util/error.h"
#include "core/util/paths.h"

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace lw::store {

namespace {

std::string lockPath(const std::string& runDir)
{
    return (std::filesystem::path(runDir) / RunLock::kFileName).string();
}

std::string readOwner(int fd)
{
    char buffer[256] = {};
    ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
    std::string owner = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
    while (!owner.empty() && (owner.back() == '\n' || owner.back() == ' '))
        owner.pop_back();
    return owner;
}

} // namespace

RunLock::RunLock(const std::string& runDir) : m_path(lockPath(runDir))
{
    std::error_code ec;
    std::filesystem::create_directories(runDir, ec);
    if (ec)
        throw Error(runDir + ": cannot create the run folder: " + ec.message());
    m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0)
        throw Error::fromErrno(m_path, "cannot open the run lock", errno);

    // isHeld() probes with a shared lock for an instant; retry briefly so that a probe
    // from the GUI or the CLI at the wrong moment does not stop a run from starting.
    constexpr int kAttempts = 50;
    for (int attempt = 0;; ++attempt) {
        if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0)
            break;
        int err = errno;
        if (err == EINTR)
            continue;
        if (err != EWOULDBLOCK || attempt + 1 >= kAttempts) {
            std::string owner = readOwner(m_fd);
            ::close(m_fd);
            m_fd = -1;
            if (err == EWOULDBLOCK)
                throw Error(m_path + ": the run is already being run by another process" +
                    (owner.empty() ? std::string() : " (" + owner + ")"));
            throw Error::fromErrno(m_path, "cannot lock the run", err);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    // Who holds it, for the message above; informative only (the lock is the truth).
    std::string owner = "pid " + std::to_string(::getpid()) + " on " + util::hostName() + "\n";
    if (::ftruncate(m_fd, 0) != 0 ||
        ::pwrite(m_fd, owner.data(), owner.size(), 0) != static_cast<ssize_t>(owner.size())) {
        // Not fatal: the lock itself is held.
    }
}

RunLock::~RunLock()
{
    release();
}

RunLock::RunLock(RunLock&& other) noexcept : m_path(std::move(other.m_path)), m_fd(other.m_fd)
{
    other.m_fd = -1;
}

RunLock& RunLock::operator=(RunLock&& other) noexcept
{
    if (this != &other) {
        release();
        m_path = std::move(other.m_path);
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

void RunLock::release()
{
    if (m_fd >= 0) {
        // Closing the only descriptor of the open file releases the flock.
        ::close(m_fd);
        m_fd = -1;
    }
}

bool RunLock::isHeld(const std::string& runDir)
{
    if (runDir.empty())
        return false;
    std::string path = lockPath(runDir);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false; // no lock file: nobody ever ran it here, or the folder is gone
    // A shared probe: two probes (GUI and CLI) do not disturb each other, and an
    // exclusive holder makes it fail at once.
    bool held = false;
    while (true) {
        if (::flock(fd, LOCK_SH | LOCK_NB) == 0)
            break;
        if (errno == EINTR)
            continue;
        // EWOULDBLOCK: an exclusive holder. Any other error means we cannot tell, and
        // calling a live run interrupted is the worse mistake.
        held = true;
        break;
    }
    ::close(fd); // releases the probe's lock, if it got one
    return held;
}

} // namespace lw::store
