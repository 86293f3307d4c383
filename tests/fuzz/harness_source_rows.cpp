// Rows of one user file (core/records/source_rows.h) in every format but Parquet (which
// has its own harness), each row then taken through its layout to a record
// (core/records/layout.h). Option byte: bits 0-2 the format (text by paragraph, line or
// file, JSON Lines, JSON, CSV, TSV, CSV with a column map), bits 3-7 the longest text
// record (16 to 512 bytes). Invariants: rows and malformed rows come with lines that
// lie in the file and never go back (strictly grow for line-based formats); a row is
// valid UTF-8 throughout (it can be dumped); a text row is one non-empty "text" string
// (one line in line mode, cut at a line break only when longer than the limit); a CSV
// row has a string for every header field; progress only grows up to the file's size;
// a row that converts to a record is stored and read back as that same record.
#include "core/records/csv_reader.h"
#include "core/records/layout.h"
#include "core/records/record.h"
#include "core/records/source_rows.h"
#include "core/records/byte_source.h"
#include "core/records/line_reader.h"
#include "core/util/error.h"
#include "fuzz_harness.h"
#include "memory_byte_source.h"
#include "record_read_back.h"

#include <algorithm>

namespace {

using lw::fuzz::invariantBroken;
using Json = nlohmann::json;
using lw::records::FileFormat;
using lw::records::TextUnit;

struct FormatChoice {
    const char* fileName;
    TextUnit unit;
    bool mapColumns;
};

constexpr FormatChoice kFormats[] = {
    {"input.txt", TextUnit::Paragraph, false}, {"input.md", TextUnit::Line, false},
    {"input.text", TextUnit::File, false},     {"input.jsonl", TextUnit::Paragraph, false},
    {"input.json", TextUnit::Paragraph, false}, {"input.csv", TextUnit::Paragraph, false},
    {"input.tsv", TextUnit::Paragraph, false},  {"mapped.csv", TextUnit::Paragraph, true},
};

// The header's field count, or 0 when the file has none.
size_t headerWidth(std::string_view file, const std::string& path, char delimiter)
{
    size_t width = 0;
    lw::fuzz::MemoryByteSource source(file, file.size());
    lw::records::CsvOptions options;
    options.delimiter = delimiter;
    try {
        lw::records::forEachCsvRecord(
            source, path, options,
            [&](const std::vector<std::string>& header) {
                width = header.size();
                return false;
            },
            [](std::vector<std::string>&, int64_t) { return false; });
    } catch (const lw::Error&) {
    }
    return width;
}

void checkTextRow(const Json& row, TextUnit unit, size_t maxTextBytes)
{
    if (!row.is_object() || row.size() != 1 || !row.contains("text") || !row["text"].is_string())
        invariantBroken("a text row is not one \"text\" string");
    const std::string& text = row["text"].get_ref<const std::string&>();
    if (text.empty() || !lw::records::isValidUtf8(text))
        invariantBroken("a text row is empty or not valid UTF-8");
    if (unit == TextUnit::Line && text.find('\n') != std::string::npos)
        invariantBroken("a row of line mode holds a line break");
    if (text.find('\n') != std::string::npos && text.size() > maxTextBytes)
        invariantBroken("a text row of several lines is longer than the limit");
}

void checkRowRecord(const Json& row, const std::string& path)
{
    const auto layout = lw::records::detectLayout(row);
    if (!layout)
        return;
    lw::records::RowProblem problem;
    const auto record = lw::records::rowToRecord(row, *layout, problem);
    if (!record)
        return;
    lw::fuzz::checkRecordReadsBack(*record, path);
}

void fuzzSourceRows(std::string_view input)
{
    const unsigned char options = lw::fuzz::takeOptionByte(input);
    const FormatChoice& format = kFormats[options & 7];
    const size_t maxTextBytes = 16 * (1 + (options >> 3));
    const std::string path = lw::fuzz::writeScratchFile(format.fileName, input);
    const FileFormat fileFormat = lw::records::formatOfFile(path);
    const bool text = fileFormat == FileFormat::Text;
    const bool csv = fileFormat == FileFormat::Csv || fileFormat == FileFormat::Tsv;
    const bool lineBased = text || fileFormat == FileFormat::JsonLines;
    const size_t width = csv ? headerWidth(input, path, fileFormat == FileFormat::Tsv ? '\t' : ',') : 0;
    const int64_t fileLines = 1 + std::count(input.begin(), input.end(), '\n');

    lw::records::SourceReadOptions read;
    read.textUnit = format.unit;
    read.maxTextRecordBytes = maxTextBytes;
    if (format.mapColumns)
        read.columnMap = {{"text", "body"}, {"instruction", "question"}};
    int64_t lastLine = 0, lastProgress = 0;
    auto checkLine = [&](int64_t line) {
        if (line < 1 || line > fileLines || line < lastLine || (lineBased && line == lastLine))
            invariantBroken("a row's line lies outside the file or goes back");
        lastLine = line;
    };
    lw::records::SourceRowHandlers handlers;
    handlers.row = [&](Json& row, int64_t line) {
        checkLine(line);
        (void)row.dump();
        if (text)
            checkTextRow(row, format.unit, maxTextBytes);
        if (csv) {
            // A mapped column may hide an unmapped one of the same name; nothing else is lost.
            if (!row.is_object() || (format.mapColumns ? row.size() > width : row.size() != width))
                invariantBroken("a CSV row has another number of fields than the header");
            for (const auto& value : row)
                if (!value.is_string())
                    invariantBroken("a CSV field is not a string");
        }
        checkRowRecord(row, path);
        return true;
    };
    handlers.malformed = [&](int64_t line, const std::string&, const std::string& reason) {
        checkLine(line);
        if (reason.empty())
            invariantBroken("a malformed row without a reason");
        return true;
    };
    handlers.progress = [&](int64_t bytes) {
        if (bytes < lastProgress || bytes > int64_t(input.size()))
            invariantBroken("progress went back or past the file's size");
        lastProgress = bytes;
    };
    lw::records::forEachSourceRow(path, read, handlers);
}

} // namespace

LW_FUZZ_HARNESS(source_rows, fuzzSourceRows)
