#include "core/parquet/random_access_file.h"

#include "core/parquet/format_error.h"
#include "core/util/error.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lw::parquet {

RandomAccessFile::RandomAccessFile(const std::string& path)
{
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0)
        throw Error::fromErrno(path, "cannot open", errno);
    struct stat st{};
    if (::fstat(m_fd, &st) != 0) {
        const int err = errno;
        ::close(m_fd);
        throw Error::fromErrno(path, "cannot read its size", err);
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(m_fd);
        throw Error::inFile(path, "is not a regular file");
    }
    m_size = int64_t(st.st_size);
}

RandomAccessFile::~RandomAccessFile()
{
    ::close(m_fd);
}

void RandomAccessFile::readAt(int64_t offset, size_t size, std::string& out) const
{
    out.resize(size);
    readAt(offset, size, reinterpret_cast<uint8_t*>(out.data()));
}

void RandomAccessFile::readAt(int64_t offset, size_t size, uint8_t* out) const
{
    if (offset < 0 || offset > m_size || int64_t(size) > m_size - offset)
        throw FormatError("bytes " + std::to_string(offset) + " to " + std::to_string(offset + int64_t(size)) +
                          " lie beyond the end of the file (" + std::to_string(m_size) + " bytes)");
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(m_fd, out + done, size - done, off_t(offset + int64_t(done)));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw FormatError("reading bytes " + std::to_string(offset) + " to " +
                              std::to_string(offset + int64_t(size)) + " failed" +
                              (n == 0 ? std::string(": the file is shorter than when it was opened") : ""));
        done += size_t(n);
    }
}

} // namespace lw::parquet
