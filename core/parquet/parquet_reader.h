#pragma once
// Reads the rows of a Parquet file with a flat schema (top-level columns only), one row
// group at a time and one page per column at a time, so memory stays near one page per
// column whatever the file's size. Supported: BYTE_ARRAY, INT32, INT64, BOOLEAN, FLOAT
// and DOUBLE columns, required or optional; PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY
// and RLE (booleans) encodings; data pages v1 and v2; UNCOMPRESSED, SNAPPY, GZIP and
// ZSTD. Anything else, and any damage, throws one lw::Error naming the file and, where
// it applies, the row group, column and page.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lw::parquet {

class RandomAccessFile;
struct FileMetaData;

enum class ColumnType { String, Int32, Int64, Boolean, Float, Double };

const char* columnTypeName(ColumnType type);

struct ColumnInfo {
    std::string name;
    ColumnType type = ColumnType::String;
    bool optional = false; // may hold nulls
};

// One cell of a row. Integers and booleans (0 or 1) are in `integer`, FLOAT and DOUBLE
// in `real`, BYTE_ARRAY in `text` (its bytes as stored; valid only during the callback).
struct CellValue {
    bool isNull = true;
    ColumnType type = ColumnType::String;
    int64_t integer = 0;
    double real = 0;
    std::string_view text;
};

class ParquetReader {
public:
    // Opens the file and reads and checks its footer and schema.
    explicit ParquetReader(const std::string& path);
    ~ParquetReader();
    ParquetReader(const ParquetReader&) = delete;
    ParquetReader& operator=(const ParquetReader&) = delete;

    const std::string& path() const { return m_path; }
    const std::vector<ColumnInfo>& columns() const { return m_columns; }
    int64_t rowCount() const { return m_rowCount; }
    int64_t rowGroupCount() const;
    int64_t fileBytes() const;

    using RowSink = std::function<bool(int64_t row, const std::vector<CellValue>& cells)>;
    using Progress = std::function<void(int64_t bytesDone)>;
    // Streams the rows in file order, the row index counting from 0. A sink that returns
    // false stops the read, and forEachRow returns false. `progress` hears the bytes of
    // the file consumed so far, now and then and at the end (fileBytes()).
    bool forEachRow(const RowSink& sink, const Progress& progress = {}) const;

private:
    std::string m_path;
    std::unique_ptr<RandomAccessFile> m_file;
    std::unique_ptr<FileMetaData> m_meta;
    std::vector<ColumnInfo> m_columns;
    std::vector<int32_t> m_physicalTypes;
    int64_t m_rowCount = 0;
    int64_t m_dataEnd = 0; // where the footer starts
};

} // namespace lw::parquet
