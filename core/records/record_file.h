#pragma once
// records.jsonl: a dataset version's rows, one normalised record per line (record.h),
// written through a temporary file (nothing half-written survives a crash) and read
// back as a stream.
#include "core/records/record.h"
#include "core/util/atomic_file.h"

#include <functional>
#include <memory>
#include <string>

namespace lw::records {

class RecordWriter {
public:
    explicit RecordWriter(const std::string& path);
    void write(const Record& record);
    void writeJson(const nlohmann::json& json); // an already-normalised record
    int64_t count() const { return m_count; }
    std::string commit(); // renames into place; returns the file's sha256

private:
    util::AtomicFileWriter m_file;
    std::string m_line;
    int64_t m_count = 0;
    struct Hash;
    std::shared_ptr<Hash> m_hash;
};

// sink(record, rowIndexFrom0) returning false stops. lw::Error "<path>:<line>: ..." for a
// line that is not a record.
bool forEachRecord(const std::string& path, const std::function<bool(Record&, int64_t)>& sink,
                   const std::function<void(int64_t bytesDone, int64_t bytesTotal)>& progress = {});

// The same, without decoding: the raw JSON of each line (for copying rows unchanged).
bool forEachRecordJson(const std::string& path, const std::function<bool(nlohmann::json&, int64_t)>& sink);

} // namespace lw::records
