#pragma once
// A read-only file read at offsets (pread), so one open file serves the footer and every
// column chunk without seeking. Open failures throw lw::Error naming the path; short
// reads (a file that shrank while open) throw FormatError.
#include <cstdint>
#include <string>

namespace lw::parquet {

class RandomAccessFile {
public:
    explicit RandomAccessFile(const std::string& path);
    ~RandomAccessFile();
    RandomAccessFile(const RandomAccessFile&) = delete;
    RandomAccessFile& operator=(const RandomAccessFile&) = delete;

    int64_t size() const { return m_size; }
    // Replaces `out` with `size` bytes from `offset`; the range must lie in the file.
    void readAt(int64_t offset, size_t size, std::string& out) const;
    void readAt(int64_t offset, size_t size, uint8_t* out) const;

private:
    int m_fd = -1;
    int64_t m_size = 0;
};

} // namespace lw::parquet
