// CSV and TSV records (core/records/csv_reader.h), the bytes arriving in chunks of 1 to
// 32 bytes (option byte, bits 2-6); bit 1 picks the tab as the delimiter. Bit 0 picks
// the input:
//   0: the file itself. The header comes once, before any row; rows start on lines that
//      only grow and lie inside the file. A file without quotes must give exactly the
//      records of a plain split: lines at "\n" (one "\r" dropped before it, blank lines
//      skipped), fields at the delimiter, each record on its own line.
//   1: records the harness writes from the input (records split at "\n", fields at
//      0x1F), quoting every field that needs it (bit 7: every field) and starting with a
//      byte-order mark when the input's length is odd (or it starts with one): they
//      read back exactly, each with the line it starts on.
#include "core/records/csv_reader.h"
#include "core/util/error.h"
#include "fuzz_harness.h"
#include "memory_byte_source.h"

#include <algorithm>
#include <vector>

namespace {

using lw::fuzz::invariantBroken;
using Fields = std::vector<std::string>;

struct ReadRecord {
    Fields fields;
    int64_t line = 0;
};

std::vector<ReadRecord> readRecords(std::string_view file, const std::string& path, char delimiter, size_t chunkBytes)
{
    lw::fuzz::MemoryByteSource source(file, chunkBytes);
    lw::records::CsvOptions options;
    options.delimiter = delimiter;
    const int64_t lines = 1 + std::count(file.begin(), file.end(), '\n');
    std::vector<ReadRecord> records;
    lw::records::forEachCsvRecord(
        source, path, options,
        [&](const Fields& header) {
            if (!records.empty())
                invariantBroken("a second header");
            records.push_back({header, 0});
            return true;
        },
        [&](Fields& fields, int64_t line) {
            if (records.empty())
                invariantBroken("a row before the header");
            if (line < 1 || line > lines || line <= records.back().line)
                invariantBroken("a row's line is outside the file or does not grow");
            records.push_back({fields, line});
            return true;
        });
    return records;
}

Fields splitAt(std::string_view text, char separator)
{
    Fields fields;
    for (;;) {
        const size_t at = text.find(separator);
        fields.emplace_back(text.substr(0, at));
        if (at == std::string_view::npos)
            return fields;
        text.remove_prefix(at + 1);
    }
}

// The records of a file without quotes, by a plain split; lines from 1.
std::vector<ReadRecord> plainRecords(std::string_view file, char delimiter)
{
    std::vector<ReadRecord> records;
    int64_t line = 0;
    for (const std::string& text : splitAt(file, '\n')) {
        ++line;
        std::string_view view = text;
        if (!view.empty() && view.back() == '\r')
            view.remove_suffix(1);
        if (!view.empty())
            records.push_back({splitAt(view, delimiter), line});
    }
    return records;
}

bool sameRecords(const std::vector<ReadRecord>& read, const std::vector<ReadRecord>& expected)
{
    if (read.size() != expected.size())
        return false;
    for (size_t i = 0; i < read.size(); ++i)
        if (read[i].fields != expected[i].fields || (i > 0 && read[i].line != expected[i].line))
            return false;
    return true;
}

void fuzzCsvFile(std::string_view input, char delimiter, size_t chunkBytes)
{
    const std::string path = lw::fuzz::writeScratchFile(delimiter == '\t' ? "input.tsv" : "input.csv", input);
    const std::vector<ReadRecord> records = readRecords(input, path, delimiter, chunkBytes);
    const bool plain = input.find('"') == std::string_view::npos && input.substr(0, 3) != "\xEF\xBB\xBF";
    if (plain && !sameRecords(records, plainRecords(input, delimiter)))
        invariantBroken("a file without quotes gives other records than a plain split");
}

bool needsQuotes(const std::string& field, char delimiter, bool onlyField)
{
    return (field.empty() && onlyField) || field.find_first_of(std::string{delimiter, '"', '\r', '\n'}) != std::string::npos;
}

std::string quotedField(const std::string& field)
{
    std::string out = "\"";
    for (char c : field) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

void fuzzWrittenRecords(std::string_view input, char delimiter, size_t chunkBytes, bool quoteAll)
{
    std::vector<ReadRecord> expected;
    // A first field that starts with U+FEFF itself needs a mark before it.
    const bool byteOrderMark = (input.size() & 1) || input.substr(0, 3) == "\xEF\xBB\xBF";
    std::string file = byteOrderMark ? "\xEF\xBB\xBF" : "";
    int64_t line = 1;
    for (const std::string& text : splitAt(input, '\n')) {
        Fields fields = splitAt(text, '\x1F');
        for (size_t i = 0; i < fields.size(); ++i) {
            if (i > 0)
                file += delimiter;
            file += quoteAll || needsQuotes(fields[i], delimiter, fields.size() == 1) ? quotedField(fields[i]) : fields[i];
        }
        file += (text.size() & 1) ? "\r\n" : "\n";
        expected.push_back({std::move(fields), line});
        line = 1 + std::count(file.begin(), file.end(), '\n');
    }
    const std::string path = lw::fuzz::writeScratchFile(delimiter == '\t' ? "written.tsv" : "written.csv", file);
    std::vector<ReadRecord> records;
    try {
        records = readRecords(file, path, delimiter, chunkBytes);
    } catch (const lw::Error& e) {
        invariantBroken(std::string("refused a file written by the rules: ") + e.what());
    }
    if (!sameRecords(records, expected))
        invariantBroken("the records read back differ from those written");
}

void fuzzCsv(std::string_view input)
{
    const unsigned char options = lw::fuzz::takeOptionByte(input);
    const char delimiter = (options & 2) ? '\t' : ',';
    const size_t chunkBytes = 1 + ((options >> 2) & 31);
    if (options & 1)
        fuzzWrittenRecords(input, delimiter, chunkBytes, options & 128);
    else
        fuzzCsvFile(input, delimiter, chunkBytes);
}

} // namespace

LW_FUZZ_HARNESS(csv, fuzzCsv)
