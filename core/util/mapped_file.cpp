#include "core/util/mapped_file.h"

#include "core/util/error.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace lw::util {

MappedFile::MappedFile(const std::string& path) : m_path(path)
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
    m_size = static_cast<size_t>(st.st_size);
    if (m_size > 0) {
        void* p = ::mmap(nullptr, m_size, PROT_READ, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED) {
            int e = errno;
            ::close(fd);
            throw Error::fromErrno(path, "cannot map", e);
        }
        m_data = static_cast<const uint8_t*>(p);
    }
    ::close(fd);
}

void MappedFile::dropPages(size_t begin, size_t end) const
{
    static const size_t page = size_t(::sysconf(_SC_PAGESIZE));
    end = std::min(end, m_size);
    const size_t first = (begin + page - 1) / page * page, last = end / page * page;
    if (m_data && first < last)
        ::madvise(const_cast<uint8_t*>(m_data) + first, last - first, MADV_DONTNEED); // advice: failure is harmless
}

MappedFile::~MappedFile()
{
    release();
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_path(std::move(other.m_path)), m_data(std::exchange(other.m_data, nullptr)),
      m_size(std::exchange(other.m_size, 0))
{
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept
{
    if (this != &other) {
        release();
        m_path = std::move(other.m_path);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

void MappedFile::release()
{
    if (m_data)
        ::munmap(const_cast<uint8_t*>(m_data), m_size);
    m_data = nullptr;
    m_size = 0;
}

} // namespace lw::util
