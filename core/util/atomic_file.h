#pragma once
// Files that matter (checkpoints, exports, token files) are written to a temporary file
// next to the target, fsync'd, then renamed over it, and the directory is fsync'd: a
// crash or a full disk leaves either the old file or the new one, never half of one.
#include <cstddef>
#include <string>
#include <string_view>

namespace lw::util {

class AtomicFileWriter {
public:
    explicit AtomicFileWriter(std::string path);
    ~AtomicFileWriter(); // removes the temporary file unless commit() succeeded
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    void write(const void* data, size_t size);
    void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
    // Overwrites bytes already written (e.g. a header completed at the end).
    void writeAt(uint64_t offset, const void* data, size_t size);
    uint64_t bytesWritten() const { return m_written; }
    void commit(); // flush, fsync, rename over the target, fsync the directory
    const std::string& path() const { return m_path; }

private:
    void flushBuffer();
    void writeAll(const char* data, size_t size);

    std::string m_path;
    std::string m_tempPath;
    int m_fd = -1;
    bool m_committed = false;
    uint64_t m_written = 0;
    std::string m_buffer;
};

void writeFileAtomic(const std::string& path, std::string_view bytes);
std::string readFile(const std::string& path); // whole file; lw::Error if unreadable

} // namespace lw::util
