#pragma once
// A read-only memory map of a whole file: token files larger than RAM are read through
// the page cache instead of being loaded.
#include <cstddef>
#include <cstdint>
#include <string>

namespace lw::util {

class MappedFile {
public:
    MappedFile() = default;
    explicit MappedFile(const std::string& path); // lw::Error if it cannot be mapped
    ~MappedFile();
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return m_data; }
    size_t size() const { return m_size; }
    const std::string& path() const { return m_path; }
    // Unmaps from this process the whole pages inside [begin, end) (they stay in the page
    // cache and come back when read again): a file read once, front to back, then does
    // not count in the process's resident memory.
    void dropPages(size_t begin, size_t end) const;

private:
    void release();

    std::string m_path;
    const uint8_t* m_data = nullptr;
    size_t m_size = 0;
};

} // namespace lw::util
