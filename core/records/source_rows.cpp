#include "core/records/source_rows.h"

#include "core/records/byte_source.h"
#include "core/records/csv_reader.h"
#include "core/records/json_array_reader.h"
#include "core/records/line_reader.h"
#include "core/records/parquet_rows.h"
#include "core/util/error.h"

#include <algorithm>
#include <array>
#include <filesystem>

namespace fs = std::filesystem;

namespace lw::records {

using Json = nlohmann::json;

namespace {

constexpr std::array<std::pair<FileFormat, std::string_view>, 7> kFormatNames{{
    {FileFormat::Auto, "auto"},
    {FileFormat::Text, "text"},
    {FileFormat::Json, "json"},
    {FileFormat::JsonLines, "jsonl"},
    {FileFormat::Csv, "csv"},
    {FileFormat::Tsv, "tsv"},
    {FileFormat::Parquet, "parquet"},
}};

std::string lowerExtension(const std::string& path)
{
    std::string ext = fs::path(withoutCompressionSuffix(path)).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

std::optional<FileFormat> formatOfExtension(const std::string& path)
{
    const std::string ext = lowerExtension(path);
    if (ext == ".txt" || ext == ".md" || ext == ".text")
        return FileFormat::Text;
    if (ext == ".json")
        return FileFormat::Json;
    if (ext == ".jsonl" || ext == ".ndjson")
        return FileFormat::JsonLines;
    if (ext == ".csv")
        return FileFormat::Csv;
    if (ext == ".tsv")
        return FileFormat::Tsv;
    if (ext == ".parquet")
        return FileFormat::Parquet;
    return std::nullopt;
}

void applyColumnMap(Json& row, const std::map<std::string, std::string>& columnMap)
{
    if (columnMap.empty() || !row.is_object())
        return;
    Json mapped = Json::object();
    for (const auto& [field, source] : columnMap) {
        auto it = row.find(source);
        if (it != row.end())
            mapped[field] = std::move(*it);
    }
    // Fields that are not mapped keep their names (and may be used by the layout).
    for (auto it = row.begin(); it != row.end(); ++it) {
        bool isSource = false;
        for (const auto& entry : columnMap)
            isSource = isSource || entry.second == it.key();
        if (!isSource && !mapped.contains(it.key()))
            mapped[it.key()] = std::move(it.value());
    }
    row = std::move(mapped);
}

bool deliver(Json& row, int64_t line, const SourceReadOptions& options, const SourceRowHandlers& h)
{
    applyColumnMap(row, options.columnMap);
    return h.row(row, line);
}

bool readText(const std::string& path, const SourceReadOptions& options, const SourceRowHandlers& h)
{
    auto source = openByteSource(path);
    LineReader reader(*source, path);
    std::string record;
    int64_t recordLine = 0;
    bool recordValid = true;
    int64_t lastProgress = 0;
    auto flush = [&]() -> bool {
        if (record.empty())
            return true;
        bool go;
        if (!recordValid) {
            go = h.malformed(recordLine, "text", "not valid UTF-8 (convert it with `llmwb data fix-text`)");
        } else {
            Json row = {{"text", std::move(record)}};
            go = deliver(row, recordLine, options, h);
        }
        record.clear();
        recordValid = true;
        return go;
    };
    std::string_view line;
    while (reader.next(line)) {
        if (reader.lineNumber() == 1 && line.size() >= 3 && line.substr(0, 3) == "\xEF\xBB\xBF")
            line.remove_prefix(3);
        const bool blank = line.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
        if (options.textUnit == TextUnit::Line) {
            if (blank)
                continue;
            record.assign(line);
            recordLine = reader.lineNumber();
            recordValid = isValidUtf8(line);
            if (!flush())
                return false;
        } else if (blank && options.textUnit == TextUnit::Paragraph) {
            if (!flush())
                return false;
        } else {
            if (!record.empty() && record.size() + line.size() + 1 > options.maxTextRecordBytes) {
                if (!flush())
                    return false;
            }
            if (record.empty())
                recordLine = reader.lineNumber();
            else
                record.push_back('\n');
            record.append(line);
            recordValid = recordValid && isValidUtf8(line);
        }
        const int64_t done = source->fileBytesRead();
        if (h.progress && done - lastProgress >= (int64_t(1) << 20)) {
            h.progress(done);
            lastProgress = done;
        }
    }
    return flush();
}

bool parseJsonRow(std::string_view text, int64_t line, const SourceReadOptions& options, const SourceRowHandlers& h)
{
    Json row = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (row.is_discarded()) {
        // Parse again with exceptions for the position and reason of the fault.
        std::string reason = "not valid JSON";
        try {
            const Json again = Json::parse(text);
            (void)again;
        } catch (const Json::parse_error& e) {
            reason = e.what();
            if (auto at = reason.find("parse error"); at != std::string::npos)
                reason = reason.substr(at);
        }
        return h.malformed(line, "", reason);
    }
    return deliver(row, line, options, h);
}

bool readJsonLines(const std::string& path, const SourceReadOptions& options, const SourceRowHandlers& h)
{
    auto source = openByteSource(path);
    LineReader reader(*source, path);
    std::string_view line;
    int64_t lastProgress = 0;
    while (reader.next(line)) {
        if (reader.lineNumber() == 1 && line.size() >= 3 && line.substr(0, 3) == "\xEF\xBB\xBF")
            line.remove_prefix(3);
        if (line.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        if (!parseJsonRow(line, reader.lineNumber(), options, h))
            return false;
        const int64_t done = source->fileBytesRead();
        if (h.progress && done - lastProgress >= (int64_t(1) << 20)) {
            h.progress(done);
            lastProgress = done;
        }
    }
    return true;
}

bool readJsonArray(const std::string& path, const SourceReadOptions& options, const SourceRowHandlers& h)
{
    auto source = openByteSource(path);
    int64_t lastProgress = 0;
    return forEachJsonArrayElement(*source, path, [&](std::string_view element, int64_t line) {
        const int64_t done = source->fileBytesRead();
        if (h.progress && done - lastProgress >= (int64_t(1) << 20)) {
            h.progress(done);
            lastProgress = done;
        }
        return parseJsonRow(element, line, options, h);
    });
}

bool readCsv(const std::string& path, char delimiter, const SourceReadOptions& options, const SourceRowHandlers& h)
{
    auto source = openByteSource(path);
    std::vector<std::string> names;
    int64_t lastProgress = 0;
    CsvOptions csv;
    csv.delimiter = delimiter;
    return forEachCsvRecord(
        *source, path, csv,
        [&](const std::vector<std::string>& header) {
            names = header;
            std::map<std::string, size_t> seen; // a repeated name would silently drop a column
            for (size_t i = 0; i < names.size(); ++i) {
                if (names[i].empty())
                    names[i] = "column" + std::to_string(i + 1);
                if (!isValidUtf8(names[i]))
                    throw Error::inFile(path, "header field " + std::to_string(i + 1) + " is not valid UTF-8", 1);
                if (const auto [it, added] = seen.emplace(names[i], i + 1); !added)
                    throw Error::inFile(path, "header fields " + std::to_string(it->second) + " and " +
                                                  std::to_string(i + 1) + " are both named '" + names[i] + "'", 1);
            }
            return true;
        },
        [&](std::vector<std::string>& fields, int64_t line) {
            const int64_t done = source->fileBytesRead();
            if (h.progress && done - lastProgress >= (int64_t(1) << 20)) {
                h.progress(done);
                lastProgress = done;
            }
            if (fields.size() != names.size())
                return h.malformed(line, "", std::to_string(fields.size()) + " fields where the header has " +
                                                 std::to_string(names.size()));
            Json row = Json::object();
            for (size_t i = 0; i < fields.size(); ++i) {
                if (!isValidUtf8(fields[i]))
                    return h.malformed(line, names[i], "not valid UTF-8 (convert it with `llmwb data fix-text`)");
                row[names[i]] = std::move(fields[i]);
            }
            return deliver(row, line, options, h);
        });
}

} // namespace

std::string_view fileFormatName(FileFormat format)
{
    for (const auto& [f, name] : kFormatNames)
        if (f == format)
            return name;
    return "auto";
}

std::optional<FileFormat> fileFormatFromName(std::string_view name)
{
    for (const auto& [f, n] : kFormatNames)
        if (n == name)
            return f;
    return std::nullopt;
}

FileFormat formatOfFile(const std::string& path)
{
    if (auto format = formatOfExtension(path))
        return *format;
    throw Error::inFile(path, "unknown file type '" + lowerExtension(path) +
                                  "' (known: .txt .md .json .jsonl .csv .tsv .parquet, optionally .zst or .gz)");
}

std::optional<TextUnit> textUnitFromName(std::string_view name)
{
    if (name == "paragraph")
        return TextUnit::Paragraph;
    if (name == "line")
        return TextUnit::Line;
    if (name == "file")
        return TextUnit::File;
    return std::nullopt;
}

bool forEachSourceRow(const std::string& path, const SourceReadOptions& options, const SourceRowHandlers& h)
{
    FileFormat format = options.format == FileFormat::Auto ? formatOfFile(path) : options.format;
    switch (format) {
    case FileFormat::Text: return readText(path, options, h);
    case FileFormat::Json: return readJsonArray(path, options, h);
    case FileFormat::JsonLines: return readJsonLines(path, options, h);
    case FileFormat::Csv: return readCsv(path, ',', options, h);
    case FileFormat::Tsv: return readCsv(path, '\t', options, h);
    case FileFormat::Parquet:
        return forEachParquetRow(
            path, [&](Json& row, int64_t line) { return deliver(row, line, options, h); }, h.malformed, h.progress);
    case FileFormat::Auto: break;
    }
    return true;
}

std::vector<std::string> expandImportPaths(const std::vector<std::string>& inputs)
{
    std::vector<std::string> files;
    for (const auto& input : inputs) {
        std::error_code ec;
        const auto status = fs::status(input, ec);
        if (ec || !fs::exists(status))
            throw Error::inFile(input, "no such file or folder");
        if (fs::is_directory(status)) {
            std::vector<std::string> found;
            for (auto it = fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (it->is_regular_file() && formatOfExtension(it->path().string()))
                    found.push_back(it->path().string());
            }
            if (ec)
                throw Error::fromErrno(input, "cannot list the folder", ec.value());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.push_back(input);
        }
    }
    if (files.empty())
        throw Error("no importable files (.txt .md .json .jsonl .csv .tsv .parquet) in " +
                    (inputs.empty() ? std::string("the input list") : inputs.front()));
    return files;
}

} // namespace lw::records
