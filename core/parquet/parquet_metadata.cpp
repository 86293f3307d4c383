#include "core/parquet/parquet_metadata.h"

#include "core/parquet/thrift_compact.h"

namespace lw::parquet {

namespace {

void expectType(const CompactReader::Field& field, uint8_t type, const char* structName)
{
    if (field.type != type)
        throw FormatError(std::string(structName) + " field " + std::to_string(field.id) + " has Thrift type " +
                          std::to_string(field.type) + ", expected " + std::to_string(type));
}

// Calls readElement(reader) for each element of a list of structs.
template <typename ReadElement>
void readStructList(CompactReader& reader, const char* structName, ReadElement readElement)
{
    const auto list = reader.readListHeader();
    if (list.size > 0 && list.elementType != thrift::Struct)
        throw FormatError(std::string("list of ") + structName + " holds Thrift type " +
                          std::to_string(list.elementType));
    for (int64_t i = 0; i < list.size; ++i)
        readElement(reader);
}

std::vector<std::string> readStringList(CompactReader& reader)
{
    const auto list = reader.readListHeader();
    if (list.size > 0 && list.elementType != thrift::Binary)
        throw FormatError("a list of strings holds Thrift type " + std::to_string(list.elementType));
    std::vector<std::string> strings;
    strings.reserve(size_t(list.size));
    for (int64_t i = 0; i < list.size; ++i)
        strings.push_back(reader.readString());
    return strings;
}

SchemaElement readSchemaElement(CompactReader& r)
{
    SchemaElement e;
    bool hasName = false;
    r.beginStruct();
    CompactReader::Field f;
    while (r.nextField(f)) {
        switch (f.id) {
        case 1: expectType(f, thrift::I32, "SchemaElement"); e.type = r.readI32(); break;
        case 3: expectType(f, thrift::I32, "SchemaElement"); e.repetition = r.readI32(); break;
        case 4: expectType(f, thrift::Binary, "SchemaElement"); e.name = r.readString(); hasName = true; break;
        case 5: expectType(f, thrift::I32, "SchemaElement"); e.numChildren = r.readI32(); break;
        default: r.skip(f.type);
        }
    }
    r.endStruct();
    if (!hasName)
        throw FormatError("a schema element has no name");
    return e;
}

ColumnMetaData readColumnMetaData(CompactReader& r)
{
    ColumnMetaData m;
    r.beginStruct();
    CompactReader::Field f;
    while (r.nextField(f)) {
        switch (f.id) {
        case 1: expectType(f, thrift::I32, "ColumnMetaData"); m.type = r.readI32(); break;
        case 3: expectType(f, thrift::List, "ColumnMetaData"); m.pathInSchema = readStringList(r); break;
        case 4: expectType(f, thrift::I32, "ColumnMetaData"); m.codec = r.readI32(); break;
        case 5: expectType(f, thrift::I64, "ColumnMetaData"); m.numValues = r.readI64(); break;
        case 7: expectType(f, thrift::I64, "ColumnMetaData"); m.totalCompressedSize = r.readI64(); break;
        case 9: expectType(f, thrift::I64, "ColumnMetaData"); m.dataPageOffset = r.readI64(); break;
        case 11: expectType(f, thrift::I64, "ColumnMetaData"); m.dictionaryPageOffset = r.readI64(); break;
        default: r.skip(f.type);
        }
    }
    r.endStruct();
    if (m.type < 0 || m.codec < 0 || m.numValues < 0 || m.totalCompressedSize < 0 || m.dataPageOffset < 0)
        throw FormatError("a column's metadata lacks its type, codec, value count, size or data page offset");
    return m;
}

ColumnChunk readColumnChunk(CompactReader& r)
{
    ColumnChunk c;
    r.beginStruct();
    CompactReader::Field f;
    while (r.nextField(f)) {
        switch (f.id) {
        case 1: expectType(f, thrift::Binary, "ColumnChunk"); c.filePath = r.readString(); break;
        case 3:
            expectType(f, thrift::Struct, "ColumnChunk");
            c.metaData = readColumnMetaData(r);
            c.hasMetaData = true;
            break;
        default: r.skip(f.type);
        }
    }
    r.endStruct();
    // Checked here, not later: an empty chunk is one byte of footer, and a footer full
    // of them must not become a large allocation before anything looks at it.
    if (!c.hasMetaData)
        throw FormatError("a column chunk has no metadata");
    return c;
}

RowGroup readRowGroup(CompactReader& r)
{
    RowGroup g;
    r.beginStruct();
    CompactReader::Field f;
    while (r.nextField(f)) {
        switch (f.id) {
        case 1:
            expectType(f, thrift::List, "RowGroup");
            readStructList(r, "ColumnChunk", [&](CompactReader& rr) { g.columns.push_back(readColumnChunk(rr)); });
            break;
        case 3: expectType(f, thrift::I64, "RowGroup"); g.numRows = r.readI64(); break;
        default: r.skip(f.type);
        }
    }
    r.endStruct();
    if (g.numRows < 0)
        throw FormatError("a row group has no row count");
    return g;
}

// DataPageHeader (v1), DictionaryPageHeader and DataPageHeaderV2 share field numbers
// for their leading fields but not their meaning; one reader per struct.
void readDataPageHeader(CompactReader& r, PageHeader& h)
{
    r.beginStruct();
    CompactReader::Field f;
    while (r.nextField(f)) {
        switch (f.id) {
        case 1: expectType(f, thrift::I32, "DataPageHeader"); h.numValues = r.readI32(); break;
        case 2: expectType(f, thrift::I32, "DataPageHeader"); h.encoding = r.readI32(); break;
        case 3: expectType(f, thrift::I32, "DataPageHeader"); h.definitionLevelEncoding = r.readI32(); break;
        default: r.skip(f.type);
        }
    }
    r.endStruct();
}

void readDictionaryPageHeader(CompactReader& r, PageHeader& h)
{
    r.beginStruct();
    CompactReader::Field f;
    while (r.nextField(f)) {
        switch (f.id) {
        case 1: expectType(f, thrift::I32, "DictionaryPageHeader"); h.numValues = r.readI32(); break;
        case 2: expectType(f, thrift::I32, "DictionaryPageHeader"); h.encoding = r.readI32(); break;
        default: r.skip(f.type);
        }
    }
    r.endStruct();
}

void readDataPageHeaderV2(CompactReader& r, PageHeader& h)
{
    r.beginStruct();
    CompactReader::Field f;
    while (r.nextField(f)) {
        switch (f.id) {
        case 1: expectType(f, thrift::I32, "DataPageHeaderV2"); h.numValues = r.readI32(); break;
        case 2: expectType(f, thrift::I32, "DataPageHeaderV2"); h.numNulls = r.readI32(); break;
        case 4: expectType(f, thrift::I32, "DataPageHeaderV2"); h.encoding = r.readI32(); break;
        case 5: expectType(f, thrift::I32, "DataPageHeaderV2"); h.definitionLevelsBytes = r.readI32(); break;
        case 6: expectType(f, thrift::I32, "DataPageHeaderV2"); h.repetitionLevelsBytes = r.readI32(); break;
        case 7: h.valuesCompressed = r.readBool(f); break;
        default: r.skip(f.type);
        }
    }
    r.endStruct();
}

} // namespace

std::string physicalTypeName(int32_t type)
{
    static const char* const names[] = {"BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE",
                                        "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"};
    return type >= 0 && type < 8 ? names[type] : "type " + std::to_string(type);
}

std::string codecName(int32_t codec)
{
    static const char* const names[] = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"};
    return codec >= 0 && codec < 8 ? names[codec] : "codec " + std::to_string(codec);
}

std::string encodingName(int32_t encoding)
{
    static const char* const names[] = {"PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED",
                                        "DELTA_BINARY_PACKED", "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY",
                                        "RLE_DICTIONARY", "BYTE_STREAM_SPLIT"};
    return encoding >= 0 && encoding < 10 ? names[encoding] : "encoding " + std::to_string(encoding);
}

FileMetaData parseFileMetaData(const uint8_t* data, size_t size)
{
    CompactReader r(data, size);
    FileMetaData m;
    r.beginStruct();
    CompactReader::Field f;
    while (r.nextField(f)) {
        switch (f.id) {
        case 2:
            expectType(f, thrift::List, "FileMetaData");
            readStructList(r, "SchemaElement", [&](CompactReader& rr) { m.schema.push_back(readSchemaElement(rr)); });
            break;
        case 3: expectType(f, thrift::I64, "FileMetaData"); m.numRows = r.readI64(); break;
        case 4:
            expectType(f, thrift::List, "FileMetaData");
            readStructList(r, "RowGroup", [&](CompactReader& rr) { m.rowGroups.push_back(readRowGroup(rr)); });
            break;
        default: r.skip(f.type);
        }
    }
    r.endStruct();
    if (m.schema.empty() || m.numRows < 0)
        throw FormatError("the footer has no schema or no row count");
    return m;
}

PageHeader parsePageHeader(const uint8_t* data, size_t size, size_t* headerBytes)
{
    CompactReader r(data, size);
    PageHeader h;
    r.beginStruct();
    CompactReader::Field f;
    while (r.nextField(f)) {
        switch (f.id) {
        case 1: expectType(f, thrift::I32, "PageHeader"); h.type = r.readI32(); break;
        case 2: expectType(f, thrift::I32, "PageHeader"); h.uncompressedSize = r.readI32(); break;
        case 3: expectType(f, thrift::I32, "PageHeader"); h.compressedSize = r.readI32(); break;
        case 5: expectType(f, thrift::Struct, "PageHeader"); readDataPageHeader(r, h); break;
        case 7: expectType(f, thrift::Struct, "PageHeader"); readDictionaryPageHeader(r, h); break;
        case 8: expectType(f, thrift::Struct, "PageHeader"); readDataPageHeaderV2(r, h); break;
        default: r.skip(f.type);
        }
    }
    r.endStruct();
    if (h.type < 0 || h.uncompressedSize < 0 || h.compressedSize < 0)
        throw FormatError("a page header lacks its type or sizes, or has a negative size");
    *headerBytes = r.position();
    return h;
}

} // namespace lw::parquet
