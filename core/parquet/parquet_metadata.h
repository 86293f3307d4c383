#pragma once
// The parts of Parquet's footer (FileMetaData) and page headers (PageHeader) the reader
// uses, decoded from the Thrift compact protocol. Field numbers follow parquet.thrift;
// fields the reader does not use are skipped. Values are as the file states them:
// ParquetReader checks them against the file before using them.
#include <cstdint>
#include <string>
#include <vector>

namespace lw::parquet {

// parquet.thrift enums, numbered as there.
enum class PhysicalType : int32_t {
    Boolean = 0, Int32 = 1, Int64 = 2, Int96 = 3, Float = 4, Double = 5, ByteArray = 6, FixedLenByteArray = 7
};
enum class Repetition : int32_t { Required = 0, Optional = 1, Repeated = 2 };
enum class Codec : int32_t { Uncompressed = 0, Snappy = 1, Gzip = 2, Lzo = 3, Brotli = 4, Lz4 = 5, Zstd = 6, Lz4Raw = 7 };
enum class Encoding : int32_t {
    Plain = 0, PlainDictionary = 2, Rle = 3, BitPacked = 4, DeltaBinaryPacked = 5, DeltaLengthByteArray = 6,
    DeltaByteArray = 7, RleDictionary = 8, ByteStreamSplit = 9
};
enum class PageType : int32_t { DataPage = 0, IndexPage = 1, DictionaryPage = 2, DataPageV2 = 3 };

std::string physicalTypeName(int32_t type);
std::string codecName(int32_t codec);
std::string encodingName(int32_t encoding);

struct SchemaElement {
    std::string name;
    int32_t type = -1;        // PhysicalType; -1 for a group
    int32_t repetition = -1;  // Repetition; -1 when absent (the root)
    int32_t numChildren = 0;  // > 0 for a group
};

struct ColumnMetaData {
    int32_t type = -1;
    int32_t codec = -1;
    std::vector<std::string> pathInSchema;
    int64_t numValues = -1;
    int64_t totalCompressedSize = -1;
    int64_t dataPageOffset = -1;
    int64_t dictionaryPageOffset = -1; // -1 when absent
};

struct ColumnChunk {
    std::string filePath;              // set when the data lives in another file
    bool hasMetaData = false;
    ColumnMetaData metaData;
};

struct RowGroup {
    std::vector<ColumnChunk> columns;
    int64_t numRows = -1;
};

struct FileMetaData {
    std::vector<SchemaElement> schema; // depth-first, the root first
    int64_t numRows = -1;
    std::vector<RowGroup> rowGroups;
};

struct PageHeader {
    int32_t type = -1;
    int32_t uncompressedSize = -1;
    int32_t compressedSize = -1;
    int32_t numValues = -1;       // of the data or dictionary page header
    int32_t encoding = -1;        // of the values
    int32_t definitionLevelEncoding = -1; // data page v1
    int32_t definitionLevelsBytes = 0;    // data page v2
    int32_t repetitionLevelsBytes = 0;    // data page v2
    int32_t numNulls = -1;                // data page v2
    bool valuesCompressed = true;         // data page v2's is_compressed
};

// Throw FormatError (ThriftTruncated when the bytes end early).
FileMetaData parseFileMetaData(const uint8_t* data, size_t size);
// Also returns the header's length in bytes.
PageHeader parsePageHeader(const uint8_t* data, size_t size, size_t* headerBytes);

} // namespace lw::parquet
