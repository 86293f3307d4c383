#pragma once
// Import: user files in any supported format and layout become one dataset version of
// normalised records, streamed with bounded memory. Rows that do not fit are an error
// naming file, line and field, or, when the user chooses to go on, rejected rows kept
// in rejected.jsonl with the same details.
#include "core/records/dataset_version.h"
#include "core/records/layout.h"
#include "core/records/source_rows.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lw::records {

struct ImportOptions {
    std::vector<std::string> inputs; // files or folders
    SourceReadOptions read;
    std::optional<Layout> layout; // forced; otherwise detected per file from its first row
    bool skipBadRows = false;     // go on with the good rows, reporting the others
    std::string name;
    std::string outputDir; // created; must not exist or be empty
};

struct RejectedRow {
    std::string file;
    int64_t line = 0;
    std::string field;
    std::string reason;
    std::string row; // the row as read (shortened), when it could be parsed
    std::string message() const; // "<file>:<line>: field '<field>': <reason>"
};

struct ImportProgress {
    int64_t bytesDone = 0, bytesTotal = 0;
    int64_t rows = 0, rejected = 0;
    std::string currentFile;
};

struct ImportResult {
    DatasetVersion version;
    std::vector<RejectedRow> rejectedSample; // the first few, for the summary
};

// Imports into options.outputDir. `progress` returning false cancels: lw::Error
// "cancelled", and the folder is removed, as on any error.
ImportResult importDataset(const ImportOptions& options,
                           const std::function<bool(const ImportProgress&)>& progress = {});

// The first `maxRows` rows of each input as records (and the rows that failed), for a
// preview before importing. Reads no further than needed.
struct PreviewFile {
    std::string path;
    std::string format;
    std::string layout; // "" when none was recognised
    std::vector<Record> records;
    std::vector<RejectedRow> problems;
    std::string error; // a problem that ended the file
};
std::vector<PreviewFile> previewImport(const ImportOptions& options, size_t maxRows);

} // namespace lw::records
