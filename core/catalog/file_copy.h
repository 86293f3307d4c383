#pragma once
// Copying model files into and out of a project: chunked (a cancel is seen within a
// few MB), hashing as it copies (the sha256 the store records costs no second read),
// into a staging folder that becomes the destination only when everything is there.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lw::catalog {

struct CopiedFile {
    std::string name; // relative to the folder
    uint64_t bytes = 0;
    std::string sha256;
};

// Called with the bytes copied so far (all files); returning false cancels.
using CopyProgress = std::function<bool(uint64_t bytesDone)>;

// Copies `from` to `to` (a new file), returns its size and sha256. lw::Error naming the
// file on failure or cancel ("cancelled").
CopiedFile copyAndHash(const std::string& from, const std::string& to, uint64_t doneBefore,
                       const CopyProgress& progress);

// A folder being filled: created as "<final>.partial-<pid>" next to the destination,
// removed with its contents unless commit() renamed it to the destination.
class StagingFolder {
public:
    explicit StagingFolder(std::string destination); // lw::Error if the destination exists
    ~StagingFolder();
    StagingFolder(const StagingFolder&) = delete;
    StagingFolder& operator=(const StagingFolder&) = delete;

    const std::string& path() const { return m_staging; }
    void commit(); // rename to the destination

private:
    std::string m_destination, m_staging;
    bool m_committed = false;
};

} // namespace lw::catalog
