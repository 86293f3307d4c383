#include "core/catalog/file_copy.h"

#include "core/util/error.h"
#include "core/util/sha256.h"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <unistd.h>

namespace lw::catalog {

namespace fs = std::filesystem;

namespace {

struct FileCloser {
    void operator()(std::FILE* f) const
    {
        if (f)
            std::fclose(f);
    }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

} // namespace

CopiedFile copyAndHash(const std::string& from, const std::string& to, uint64_t doneBefore,
                       const CopyProgress& progress)
{
    FilePtr in(std::fopen(from.c_str(), "rb"));
    if (!in)
        throw Error::fromErrno(from, "cannot open", errno);
    FilePtr out(std::fopen(to.c_str(), "wb"));
    if (!out)
        throw Error::fromErrno(to, "cannot create", errno);
    util::Sha256 hash;
    std::vector<char> buffer(4 << 20);
    CopiedFile copied;
    copied.name = fs::path(from).filename().string();
    for (;;) {
        const size_t n = std::fread(buffer.data(), 1, buffer.size(), in.get());
        if (n == 0) {
            if (std::ferror(in.get()))
                throw Error::fromErrno(from, "cannot read", errno);
            break;
        }
        hash.update(buffer.data(), n);
        if (std::fwrite(buffer.data(), 1, n, out.get()) != n)
            throw Error::fromErrno(to, "cannot write", errno);
        copied.bytes += n;
        if (progress && !progress(doneBefore + copied.bytes))
            throw Error("cancelled");
    }
    if (std::fflush(out.get()) != 0 || ::fsync(fileno(out.get())) != 0)
        throw Error::fromErrno(to, "cannot write", errno);
    copied.sha256 = hash.hexDigest();
    return copied;
}

StagingFolder::StagingFolder(std::string destination) : m_destination(std::move(destination))
{
    std::error_code ec;
    if (fs::exists(m_destination, ec))
        throw Error::inFile(m_destination, "already exists");
    m_staging = m_destination + ".partial-" + std::to_string(::getpid());
    fs::remove_all(m_staging, ec);
    fs::create_directories(m_staging, ec);
    if (ec)
        throw Error::inFile(m_staging, "cannot create the folder: " + ec.message());
}

StagingFolder::~StagingFolder()
{
    if (!m_committed) {
        std::error_code ec;
        fs::remove_all(m_staging, ec);
    }
}

void StagingFolder::commit()
{
    std::error_code ec;
    fs::rename(m_staging, m_destination, ec);
    if (ec)
        throw Error::inFile(m_destination, "cannot move the finished folder into place: " + ec.message());
    m_committed = true;
}

} // namespace lw::catalog
