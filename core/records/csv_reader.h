#pragma once
// CSV and TSV (RFC 4180: quoted fields with "" for a quote, and line breaks inside
// quotes), streamed record by record. The first record is the header.
#include "core/records/byte_source.h"

#include <functional>
#include <string>
#include <vector>

namespace lw::records {

struct CsvOptions {
    char delimiter = ','; // '\t' for TSV
    size_t maxRecordBytes = size_t(64) << 20;
};

// header(names) once, then row(fields, line) per record (line: where the record starts,
// from 1). Either returning false stops. lw::Error naming file and line for an
// unclosed quote or an oversize record; rows with a wrong field count are passed on
// (the caller reports them as rejected rows).
bool forEachCsvRecord(ByteSource& source, const std::string& path, const CsvOptions& options,
                      const std::function<bool(const std::vector<std::string>&)>& header,
                      const std::function<bool(std::vector<std::string>& fields, int64_t line)>& row);

} // namespace lw::records
