#pragma once
// Rows of one user file as JSON objects, whatever the file format: plain text (a record
// per paragraph, line or file), JSON (an array of objects), JSON Lines (optionally
// .zst/.gz), CSV/TSV (header names become fields) and Parquet (column names become fields).
// Column mapping renames source fields to the names a layout expects.
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::records {

enum class FileFormat { Auto, Text, Json, JsonLines, Csv, Tsv, Parquet };
std::string_view fileFormatName(FileFormat format);
std::optional<FileFormat> fileFormatFromName(std::string_view name);
// From the name: .txt/.md/.text, .json, .jsonl/.ndjson, .csv, .tsv, .parquet (after
// dropping .zst/.gz); lw::Error naming the file for anything else.
FileFormat formatOfFile(const std::string& path);

enum class TextUnit { Paragraph, Line, File };
std::optional<TextUnit> textUnitFromName(std::string_view name);

struct SourceReadOptions {
    FileFormat format = FileFormat::Auto;
    TextUnit textUnit = TextUnit::Paragraph;
    // layout field -> source field, e.g. {"text": "body"} or {"instruction": "question"}.
    std::map<std::string, std::string> columnMap;
    size_t maxTextRecordBytes = size_t(16) << 20; // longer paragraphs are cut at line breaks
};

struct SourceRowHandlers {
    // A row, with the line it starts on (from 1; Parquet: the row number from 1).
    std::function<bool(nlohmann::json& row, int64_t line)> row;
    // A row that could not be parsed at all (bad JSON on a line, invalid UTF-8, wrong
    // CSV field count): reported and skipped, or fatal, as the caller decides.
    std::function<bool(int64_t line, const std::string& field, const std::string& reason)> malformed;
    // Bytes of the file consumed so far.
    std::function<void(int64_t bytesDone)> progress;
};

// Streams every row of `path`. Returns false when a handler stopped it. lw::Error for
// problems that end the file (unreadable, not an array, unclosed quote, corrupt page).
bool forEachSourceRow(const std::string& path, const SourceReadOptions& options, const SourceRowHandlers& handlers);

// Files named directly are kept; folders contribute the files formatOfFile knows,
// recursively, in sorted order. lw::Error for a missing path or when nothing is found.
std::vector<std::string> expandImportPaths(const std::vector<std::string>& inputs);

} // namespace lw::records
