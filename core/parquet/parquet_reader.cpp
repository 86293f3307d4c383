#include "core/parquet/parquet_reader.h"

#include "core/parquet/column_cursor.h"
#include "core/parquet/page_decompress.h"
#include "core/parquet/parquet_metadata.h"
#include "core/parquet/random_access_file.h"
#include "core/util/error.h"

#include <algorithm>
#include <cstring>

namespace lw::parquet {

namespace {

constexpr char kMagic[] = "PAR1";
constexpr char kEncryptedMagic[] = "PARE";
constexpr int64_t kMagicBytes = 4;
constexpr int64_t kTailBytes = 8; // footer length + magic
constexpr int64_t kMaxFooterBytes = int64_t(256) << 20;

bool columnTypeOf(int32_t physical, ColumnType& type)
{
    switch (PhysicalType(physical)) {
    case PhysicalType::ByteArray: type = ColumnType::String; return true;
    case PhysicalType::Int32: type = ColumnType::Int32; return true;
    case PhysicalType::Int64: type = ColumnType::Int64; return true;
    case PhysicalType::Boolean: type = ColumnType::Boolean; return true;
    case PhysicalType::Float: type = ColumnType::Float; return true;
    case PhysicalType::Double: type = ColumnType::Double; return true;
    default: return false;
    }
}

// A chunk starts at its dictionary page when it has one. Some writers store offset 0
// for "no dictionary page", which no page can have (the file starts with PAR1).
int64_t chunkBegin(const ColumnMetaData& m)
{
    return m.dictionaryPageOffset > 0 && m.dictionaryPageOffset < m.dataPageOffset ? m.dictionaryPageOffset
                                                                                   : m.dataPageOffset;
}

} // namespace

const char* columnTypeName(ColumnType type)
{
    switch (type) {
    case ColumnType::String: return "string";
    case ColumnType::Int32: return "int32";
    case ColumnType::Int64: return "int64";
    case ColumnType::Boolean: return "boolean";
    case ColumnType::Float: return "float";
    case ColumnType::Double: return "double";
    }
    return "unknown";
}

ParquetReader::ParquetReader(const std::string& path)
    : m_path(path), m_file(std::make_unique<RandomAccessFile>(path))
{
    const int64_t size = m_file->size();
    if (size < kMagicBytes + kTailBytes)
        throw Error::inFile(path, "is not a Parquet file: " + std::to_string(size) +
                                      " bytes is too short for its header and footer");
    std::string head, tail;
    try {
        m_file->readAt(0, kMagicBytes, head);
        m_file->readAt(size - kTailBytes, kTailBytes, tail);
    } catch (const FormatError& e) {
        throw Error::inFile(path, e.what());
    }
    if (tail.compare(4, 4, kEncryptedMagic) == 0)
        throw Error::inFile(path, "is an encrypted Parquet file, which is not supported");
    if (head != kMagic || tail.compare(4, 4, kMagic) != 0)
        throw Error::inFile(path, "is not a Parquet file: it does not begin and end with PAR1");
    uint32_t footerBytes = 0;
    std::memcpy(&footerBytes, tail.data(), 4); // little-endian host
    if (int64_t(footerBytes) > size - kMagicBytes - kTailBytes)
        throw Error::inFile(path, "footer length " + std::to_string(footerBytes) + " is beyond the file (" +
                                      std::to_string(size) + " bytes)");
    if (int64_t(footerBytes) > kMaxFooterBytes)
        throw Error::inFile(path, "footer of " + std::to_string(footerBytes) + " bytes is larger than the " +
                                      std::to_string(kMaxFooterBytes) + " supported");
    m_dataEnd = size - kTailBytes - int64_t(footerBytes);

    try {
        std::string footer;
        m_file->readAt(m_dataEnd, footerBytes, footer);
        m_meta = std::make_unique<FileMetaData>(
            parseFileMetaData(reinterpret_cast<const uint8_t*>(footer.data()), footer.size()));
    } catch (const FormatError& e) {
        throw Error::inFile(path, std::string("footer: ") + e.what());
    }

    // The schema: a root, then one primitive element per column. Groups and repeated
    // fields make a nested schema, which this reader does not read.
    const auto& schema = m_meta->schema;
    const int32_t declaredColumns = schema[0].numChildren;
    if (declaredColumns <= 0)
        throw Error::inFile(path, "schema has no columns");
    size_t next = 1;
    for (int32_t c = 0; c < declaredColumns; ++c) {
        if (next >= schema.size())
            throw Error::inFile(path, "schema lists " + std::to_string(schema.size() - 1) +
                                          " elements, but its root declares " + std::to_string(declaredColumns));
        const SchemaElement& e = schema[next++];
        if (e.numChildren > 0 || e.type < 0)
            throw Error::inFile(path, "column '" + e.name + "' is nested (a group of fields); only flat columns "
                                      "are supported");
        if (e.repetition == int32_t(Repetition::Repeated))
            throw Error::inFile(path, "column '" + e.name + "' is repeated (a list); only flat columns are "
                                      "supported");
        ColumnInfo info;
        info.name = e.name;
        if (!columnTypeOf(e.type, info.type))
            throw Error::inFile(path, "column '" + e.name + "' has physical type " + physicalTypeName(e.type) +
                                          ", which is not supported");
        info.optional = e.repetition == int32_t(Repetition::Optional);
        m_columns.push_back(info);
        m_physicalTypes.push_back(e.type);
    }
    if (next != schema.size())
        throw Error::inFile(path, "schema has " + std::to_string(schema.size() - next) +
                                      " elements beyond the columns its root declares");

    // Every row group: one chunk per column, within the file's data, with one value per row.
    int64_t rows = 0;
    for (size_t g = 0; g < m_meta->rowGroups.size(); ++g) {
        const RowGroup& group = m_meta->rowGroups[g];
        const std::string where = "row group " + std::to_string(g) + ", ";
        if (group.columns.size() != m_columns.size())
            throw Error::inFile(path, where + "has " + std::to_string(group.columns.size()) +
                                          " column chunks, but the schema has " + std::to_string(m_columns.size()) +
                                          " columns");
        if (group.numRows > m_meta->numRows - rows)
            throw Error::inFile(path, where + "holds more rows than the file declares (" +
                                          std::to_string(m_meta->numRows) + ")");
        rows += group.numRows;
        for (size_t c = 0; c < m_columns.size(); ++c) {
            const ColumnChunk& chunk = group.columns[c];
            const std::string at = where + "column '" + m_columns[c].name + "': ";
            if (!chunk.filePath.empty())
                throw Error::inFile(path, at + "its data lies in another file ('" + chunk.filePath +
                                              "'), which is not supported");
            const ColumnMetaData& m = chunk.metaData;
            if (m.type != m_physicalTypes[c])
                throw Error::inFile(path, at + "the chunk's type " + physicalTypeName(m.type) +
                                              " differs from the schema's " + physicalTypeName(m_physicalTypes[c]));
            if (!codecSupported(m.codec))
                throw Error::inFile(path, at + "compression " + codecName(m.codec) +
                                              " is not supported (supported: UNCOMPRESSED, SNAPPY, GZIP, ZSTD)");
            if (m.numValues != group.numRows)
                throw Error::inFile(path, at + "the chunk holds " + std::to_string(m.numValues) +
                                              " values for " + std::to_string(group.numRows) + " rows");
            const int64_t begin = chunkBegin(m);
            if (begin < kMagicBytes || begin > m_dataEnd || m.totalCompressedSize > m_dataEnd - begin)
                throw Error::inFile(path, at + "the chunk's bytes " + std::to_string(begin) + " + " +
                                              std::to_string(m.totalCompressedSize) +
                                              " lie outside the file's data (bytes 4 to " +
                                              std::to_string(m_dataEnd) + ")");
        }
    }
    if (rows != m_meta->numRows)
        throw Error::inFile(path, "row groups hold " + std::to_string(rows) + " rows, but the footer declares " +
                                      std::to_string(m_meta->numRows));
    m_rowCount = rows;
}

ParquetReader::~ParquetReader() = default;

int64_t ParquetReader::rowGroupCount() const
{
    return int64_t(m_meta->rowGroups.size());
}

int64_t ParquetReader::fileBytes() const
{
    return m_file->size();
}

bool ParquetReader::forEachRow(const RowSink& sink, const Progress& progress) const
{
    // How often, in rows, progress hears the bytes consumed inside a row group.
    constexpr int64_t kProgressEveryRows = 4096;
    std::vector<CellValue> cells(m_columns.size());
    int64_t row = 0;
    int64_t bytesBefore = kMagicBytes; // of the row groups done
    // One cursor per column for the whole file, so page buffers are allocated once.
    std::vector<ColumnCursor> cursors;
    cursors.reserve(m_columns.size());
    for (size_t c = 0; c < m_columns.size(); ++c)
        cursors.emplace_back(*m_file);
    for (size_t g = 0; g < m_meta->rowGroups.size(); ++g) {
        const RowGroup& group = m_meta->rowGroups[g];
        int64_t groupBytes = 0;
        for (size_t c = 0; c < m_columns.size(); ++c) {
            const ColumnMetaData& m = group.columns[c].metaData;
            ColumnChunkSpec spec;
            spec.name = m_columns[c].name;
            spec.type = m_columns[c].type;
            spec.physicalType = m_physicalTypes[c];
            spec.optional = m_columns[c].optional;
            spec.codec = m.codec;
            spec.begin = chunkBegin(m);
            spec.end = spec.begin + m.totalCompressedSize;
            spec.numValues = m.numValues;
            groupBytes += m.totalCompressedSize;
            cursors[c].startChunk(std::move(spec));
        }
        for (int64_t r = 0; r < group.numRows; ++r) {
            try {
                for (size_t c = 0; c < cursors.size(); ++c)
                    cursors[c].next(cells[c]);
            } catch (const FormatError& e) {
                throw Error::inFile(m_path, "row group " + std::to_string(g) + ", " + e.what());
            }
            if (!sink(row++, cells))
                return false;
            if (progress && (r + 1) % kProgressEveryRows == 0) {
                int64_t consumed = 0;
                for (const ColumnCursor& cursor : cursors)
                    consumed += cursor.bytesConsumed();
                progress(bytesBefore + consumed);
            }
        }
        bytesBefore += groupBytes;
        if (progress)
            progress(std::min(bytesBefore, m_file->size()));
    }
    if (progress)
        progress(m_file->size());
    return true;
}

} // namespace lw::parquet
