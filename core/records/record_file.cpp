#include "core/records/record_file.h"

#include "core/records/byte_source.h"
#include "core/records/line_reader.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

namespace lw::records {

struct RecordWriter::Hash {
    util::Sha256 sha;
};

RecordWriter::RecordWriter(const std::string& path) : m_file(path), m_hash(std::make_shared<Hash>()) { }

void RecordWriter::write(const Record& record)
{
    writeJson(recordToJson(record));
}

void RecordWriter::writeJson(const nlohmann::json& json)
{
    // Keys come out sorted (nlohmann's object is a std::map) and invalid UTF-8 cannot get
    // here (rows are checked on import), so the same records give the same bytes.
    m_line = json.dump();
    m_line.push_back('\n');
    m_hash->sha.update(m_line);
    m_file.write(m_line);
    ++m_count;
}

std::string RecordWriter::commit()
{
    m_file.commit();
    return m_hash->sha.hexDigest();
}

bool forEachRecordJson(const std::string& path, const std::function<bool(nlohmann::json&, int64_t)>& sink)
{
    auto source = openByteSource(path);
    LineReader reader(*source, path);
    std::string_view line;
    int64_t index = 0;
    while (reader.next(line)) {
        nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
        if (json.is_discarded())
            throw Error::inFile(path, "not a JSON record", reader.lineNumber());
        if (!sink(json, index++))
            return false;
    }
    return true;
}

bool forEachRecord(const std::string& path, const std::function<bool(Record&, int64_t)>& sink,
                   const std::function<void(int64_t, int64_t)>& progress)
{
    auto source = openByteSource(path);
    const int64_t total = fileSize(path);
    LineReader reader(*source, path);
    std::string_view line;
    int64_t index = 0, lastProgress = 0;
    while (reader.next(line)) {
        nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
        const std::string where = path + ":" + std::to_string(reader.lineNumber());
        if (json.is_discarded())
            throw Error(where + ": not a JSON record");
        Record record = recordFromJson(json, where);
        if (!sink(record, index++))
            return false;
        if (progress && source->fileBytesRead() - lastProgress >= (int64_t(1) << 20)) {
            lastProgress = source->fileBytesRead();
            progress(lastProgress, total);
        }
    }
    if (progress)
        progress(total, total);
    return true;
}

} // namespace lw::records
