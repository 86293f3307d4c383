#pragma once
// Parquet rows as JSON objects (column name -> string, number, bool or null), for the
// importer: the same row path as every other file format.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace lw::records {

// row(fields, rowNumberFrom1) and malformed(rowNumberFrom1, column, reason) returning
// false stop (returns false).
bool forEachParquetRow(const std::string& path, const std::function<bool(nlohmann::json&, int64_t)>& row,
                       const std::function<bool(int64_t, const std::string&, const std::string&)>& malformed,
                       const std::function<void(int64_t bytesDone)>& progress);

} // namespace lw::records
