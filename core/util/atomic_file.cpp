#include "core/util/atomic_file.h"

#include "core/util/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace lw::util {

namespace {

constexpr size_t kBufferSize = 1 << 20;
// How much written data waits before its write-back is started (see startWriteBack).
constexpr uint64_t kWriteBackBytes = 16 << 20;

std::string temporaryPathFor(const std::string& path)
{
    std::random_device rd;
    return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd() & 0xffffff);
}

void fsyncDirectoryOf(const std::string& path)
{
    auto dir = std::filesystem::path(path).parent_path();
    if (dir.empty())
        dir = ".";
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return; // best effort: some file systems do not allow opening directories
    ::fsync(fd);
    ::close(fd);
}

// The kernel starts writing dirty pages back on its own only past dirty_background_ratio
// of memory (gigabytes here) or after 30 s, so a file of a few GB would sit in the page
// cache until commit()'s fsync, the disk idle while the file is produced and the fsync
// then writing all of it. Starting the write-back of each block of kWriteBackBytes as
// the file's length [from, to) passes its end lets the disk work while the producer
// does: the fsync is left with the last block. Asynchronous and best effort (a file
// system may not support it): the fsync still waits for every byte and reports errors.
void startWriteBack(int fd, uint64_t from, uint64_t to)
{
    const uint64_t start = from / kWriteBackBytes * kWriteBackBytes, end = to / kWriteBackBytes * kWriteBackBytes;
    if (end > start)
        ::sync_file_range(fd, off_t(start), off_t(end - start), SYNC_FILE_RANGE_WRITE);
}

} // namespace

AtomicFileWriter::AtomicFileWriter(std::string path)
    : m_path(std::move(path)), m_tempPath(temporaryPathFor(m_path))
{
    auto dir = std::filesystem::path(m_path).parent_path();
    if (!dir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
    }
    m_fd = ::open(m_tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (m_fd < 0)
        throw Error::fromErrno(m_path, "cannot create", errno);
    m_buffer.reserve(kBufferSize);
}

AtomicFileWriter::~AtomicFileWriter()
{
    if (m_fd >= 0)
        ::close(m_fd);
    if (!m_committed)
        ::unlink(m_tempPath.c_str());
}

void AtomicFileWriter::writeAll(const char* p, size_t left)
{
    while (left > 0) {
        ssize_t n = ::write(m_fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw Error::fromErrno(m_path, "cannot write", errno);
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
}

void AtomicFileWriter::flushBuffer()
{
    writeAll(m_buffer.data(), m_buffer.size());
    m_buffer.clear();
}

void AtomicFileWriter::write(const void* data, size_t size)
{
    if (m_committed)
        throw Error(m_path + ": write after commit");
    const char* bytes = static_cast<const char*>(data);
    const uint64_t fileLength = m_written - m_buffer.size();
    m_written += size;
    if (size >= kBufferSize) {
        // Large writes go to the file as they are, without a copy through the buffer.
        flushBuffer();
        writeAll(bytes, size);
    } else {
        if (m_buffer.size() + size > kBufferSize)
            flushBuffer();
        m_buffer.append(bytes, size);
    }
    startWriteBack(m_fd, fileLength, m_written - m_buffer.size());
}

void AtomicFileWriter::writeAt(uint64_t offset, const void* data, size_t size)
{
    if (offset + size > m_written)
        throw Error(m_path + ": writeAt past the end of what was written");
    flushBuffer();
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::pwrite(m_fd, p, size, off_t(offset));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw Error::fromErrno(m_path, "cannot write", errno);
        }
        p += n;
        offset += uint64_t(n);
        size -= size_t(n);
    }
}

void AtomicFileWriter::commit()
{
    flushBuffer();
    if (::fsync(m_fd) != 0)
        throw Error::fromErrno(m_path, "cannot sync", errno);
    if (::close(m_fd) != 0) {
        m_fd = -1;
        throw Error::fromErrno(m_path, "cannot close", errno);
    }
    m_fd = -1;
    if (::rename(m_tempPath.c_str(), m_path.c_str()) != 0)
        throw Error::fromErrno(m_path, "cannot rename into place", errno);
    m_committed = true;
    fsyncDirectoryOf(m_path);
}

void writeFileAtomic(const std::string& path, std::string_view bytes)
{
    AtomicFileWriter writer(path);
    writer.write(bytes);
    writer.commit();
}

std::string readFile(const std::string& path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error::fromErrno(path, "cannot open", errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        int e = errno;
        ::close(fd);
        throw Error::fromErrno(path, "cannot stat", e);
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw Error(path + ": is a directory, expected a file");
    }
    std::string out;
    out.resize(static_cast<size_t>(st.st_size));
    size_t got = 0;
    while (got < out.size()) {
        ssize_t n = ::read(fd, out.data() + got, out.size() - got);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            ::close(fd);
            throw Error::fromErrno(path, "cannot read", e);
        }
        if (n == 0)
            break;
        got += static_cast<size_t>(n);
    }
    out.resize(got);
    ::close(fd);
    return out;
}

} // namespace lw::util
