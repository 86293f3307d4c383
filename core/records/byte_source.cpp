#include "core/records/byte_source.h"

#include "core/util/error.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>
#include <zlib.h>
#include <zstd.h>

namespace lw::records {

namespace {

bool endsWith(const std::string& s, const char* suffix)
{
    const std::string_view sv(suffix);
    return s.size() >= sv.size() && s.compare(s.size() - sv.size(), sv.size(), sv) == 0;
}

class FileHandle {
public:
    explicit FileHandle(const std::string& path) : m_path(path)
    {
        m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (m_fd < 0)
            throw Error::fromErrno(path, "cannot open", errno);
    }
    ~FileHandle() { ::close(m_fd); }
    FileHandle(const FileHandle&) = delete;
    FileHandle& operator=(const FileHandle&) = delete;

    size_t read(char* buffer, size_t capacity)
    {
        for (;;) {
            const ssize_t n = ::read(m_fd, buffer, capacity);
            if (n >= 0) {
                m_read += n;
                return static_cast<size_t>(n);
            }
            if (errno != EINTR)
                throw Error::fromErrno(m_path, "read failed", errno);
        }
    }
    int64_t bytesRead() const { return m_read; }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    int m_fd = -1;
    int64_t m_read = 0;
};

class PlainSource final : public ByteSource {
public:
    explicit PlainSource(const std::string& path) : m_file(path) { }
    size_t read(char* buffer, size_t capacity) override { return m_file.read(buffer, capacity); }
    int64_t fileBytesRead() const override { return m_file.bytesRead(); }

private:
    FileHandle m_file;
};

class ZstdSource final : public ByteSource {
public:
    explicit ZstdSource(const std::string& path) : m_file(path), m_in(ZSTD_DStreamInSize())
    {
        m_stream = ZSTD_createDStream();
        if (!m_stream)
            throw Error::inFile(path, "cannot start zstd decompression");
        ZSTD_DCtx_setParameter(m_stream, ZSTD_d_windowLogMax, 27); // 128 MiB: refuse memory bombs
    }
    ~ZstdSource() override { ZSTD_freeDStream(m_stream); }

    size_t read(char* buffer, size_t capacity) override
    {
        ZSTD_outBuffer out{buffer, capacity, 0};
        while (out.pos == 0) {
            if (m_input.pos == m_input.size) {
                if (m_eof)
                    break;
                const size_t n = m_file.read(m_in.data(), m_in.size());
                if (n == 0) {
                    m_eof = true;
                    if (m_lastResult != 0)
                        throw Error::inFile(m_file.path(), "the zstd stream is truncated");
                    break;
                }
                m_input = ZSTD_inBuffer{m_in.data(), n, 0};
            }
            m_lastResult = ZSTD_decompressStream(m_stream, &out, &m_input);
            if (ZSTD_isError(m_lastResult))
                throw Error::inFile(m_file.path(), std::string("zstd: ") + ZSTD_getErrorName(m_lastResult) +
                                                       " (after " + std::to_string(m_file.bytesRead()) +
                                                       " bytes of the file)");
        }
        return out.pos;
    }
    int64_t fileBytesRead() const override { return m_file.bytesRead(); }

private:
    FileHandle m_file;
    std::vector<char> m_in;
    ZSTD_DStream* m_stream = nullptr;
    ZSTD_inBuffer m_input{nullptr, 0, 0};
    size_t m_lastResult = 0;
    bool m_eof = false;
};

class GzipSource final : public ByteSource {
public:
    explicit GzipSource(const std::string& path) : m_file(path), m_in(1 << 16)
    {
        // 16 + MAX_WBITS: gzip framing; concatenated members are handled in read().
        if (inflateInit2(&m_z, 16 + MAX_WBITS) != Z_OK)
            throw Error::inFile(path, "cannot start gzip decompression");
    }
    ~GzipSource() override { inflateEnd(&m_z); }

    size_t read(char* buffer, size_t capacity) override
    {
        m_z.next_out = reinterpret_cast<Bytef*>(buffer);
        m_z.avail_out = static_cast<uInt>(std::min<size_t>(capacity, 1u << 30));
        const uInt wanted = m_z.avail_out;
        while (m_z.avail_out == wanted && !m_done) {
            if (m_z.avail_in == 0) {
                const size_t n = m_file.read(m_in.data(), m_in.size());
                if (n == 0) {
                    if (m_inMember)
                        throw Error::inFile(m_file.path(), "the gzip stream is truncated");
                    m_done = true;
                    break;
                }
                m_z.next_in = reinterpret_cast<Bytef*>(m_in.data());
                m_z.avail_in = static_cast<uInt>(n);
            }
            m_inMember = true;
            const int rc = inflate(&m_z, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                m_inMember = false;
                inflateReset(&m_z);
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                throw Error::inFile(m_file.path(), std::string("gzip: ") + (m_z.msg ? m_z.msg : "corrupt data"));
            }
        }
        return wanted - m_z.avail_out;
    }
    int64_t fileBytesRead() const override { return m_file.bytesRead(); }

private:
    FileHandle m_file;
    std::vector<char> m_in;
    z_stream m_z{};
    bool m_inMember = false;
    bool m_done = false;
};

} // namespace

std::unique_ptr<ByteSource> openByteSource(const std::string& path)
{
    if (endsWith(path, ".zst"))
        return std::make_unique<ZstdSource>(path);
    if (endsWith(path, ".gz"))
        return std::make_unique<GzipSource>(path);
    return std::make_unique<PlainSource>(path);
}

std::string withoutCompressionSuffix(const std::string& path)
{
    if (endsWith(path, ".zst"))
        return path.substr(0, path.size() - 4);
    if (endsWith(path, ".gz"))
        return path.substr(0, path.size() - 3);
    return path;
}

int64_t fileSize(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw Error::fromErrno(path, "cannot read", errno);
    return static_cast<int64_t>(st.st_size);
}

} // namespace lw::records
