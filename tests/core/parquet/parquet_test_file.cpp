#include "parquet_test_file.h"

namespace lw::test {

namespace {

class CompactWriter {
public:
    std::string bytes;

    void beginStruct() { m_last.push_back(0); }
    void endStruct()
    {
        bytes.push_back('\0'); // stop field
        m_last.pop_back();
    }
    void i32(int16_t id, int32_t v) { field(id, 5); varint(zigzag(v)); }
    void i64(int16_t id, int64_t v) { field(id, 6); varint(zigzag(v)); }
    void binary(int16_t id, const std::string& s) { field(id, 8); string(s); }
    void string(const std::string& s)
    {
        varint(s.size());
        bytes += s;
    }
    void structField(int16_t id) { field(id, 12); }
    void list(int16_t id, uint8_t elementType, size_t size)
    {
        field(id, 9);
        if (size < 15) {
            bytes.push_back(char(size << 4 | elementType));
        } else {
            bytes.push_back(char(0xf0 | elementType));
            varint(size);
        }
    }
    void varint(uint64_t v)
    {
        while (v >= 0x80) {
            bytes.push_back(char(v | 0x80));
            v >>= 7;
        }
        bytes.push_back(char(v));
    }
    static uint64_t zigzag(int64_t v) { return (uint64_t(v) << 1) ^ uint64_t(v >> 63); }

private:
    void field(int16_t id, uint8_t type)
    {
        const int delta = id - m_last.back();
        if (delta > 0 && delta <= 15) {
            bytes.push_back(char(delta << 4 | type));
        } else {
            bytes.push_back(char(type));
            varint(zigzag(id));
        }
        m_last.back() = id;
    }
    std::vector<int16_t> m_last;
};

std::string pageHeader(const TestPage& page)
{
    CompactWriter w;
    w.beginStruct();
    w.i32(1, page.type);
    w.i32(2, page.uncompressedSize);
    w.i32(3, page.compressedSizeOverride >= 0 ? page.compressedSizeOverride : int32_t(page.stored.size()));
    if (page.type == 2) {
        w.structField(7); // DictionaryPageHeader
        w.beginStruct();
        w.i32(1, page.numValues);
        w.i32(2, 0); // PLAIN
        w.endStruct();
    } else {
        w.structField(5); // DataPageHeader
        w.beginStruct();
        w.i32(1, page.numValues);
        w.i32(2, page.encoding);
        w.i32(3, 3); // definition levels: RLE
        w.i32(4, 3); // repetition levels: RLE
        w.endStruct();
    }
    w.endStruct();
    return w.bytes;
}

} // namespace

std::string buildParquetFile(const TestColumn& column, const std::vector<TestPage>& pages, int64_t numRows)
{
    std::string file = "PAR1";
    const int64_t chunkStart = int64_t(file.size());
    int64_t dictionaryOffset = -1;
    int64_t dataOffset = -1;
    int64_t uncompressed = 0;
    for (const TestPage& page : pages) {
        if (page.type == 2 && dictionaryOffset < 0)
            dictionaryOffset = int64_t(file.size());
        if (page.type != 2 && dataOffset < 0)
            dataOffset = int64_t(file.size());
        const std::string header = pageHeader(page);
        uncompressed += int64_t(header.size()) + page.uncompressedSize;
        file += header;
        file += page.stored;
    }
    const int64_t chunkBytes = int64_t(file.size()) - chunkStart;

    CompactWriter w;
    w.beginStruct(); // FileMetaData
    w.i32(1, 1);
    w.list(2, 12, 2); // schema: the root, then the column
    w.beginStruct();
    w.binary(4, "schema");
    w.i32(5, 1);
    w.endStruct();
    w.beginStruct();
    w.i32(1, column.physicalType);
    w.i32(3, column.optional ? 1 : 0);
    w.binary(4, column.name);
    w.endStruct();
    w.i64(3, numRows);
    w.list(4, 12, 1); // row groups
    w.beginStruct();
    w.list(1, 12, 1); // column chunks
    w.beginStruct();
    w.i64(2, chunkStart);
    w.structField(3); // ColumnMetaData
    w.beginStruct();
    w.i32(1, column.physicalType);
    w.list(2, 5, 1);
    w.varint(CompactWriter::zigzag(0));
    w.list(3, 8, 1);
    w.string(column.name);
    w.i32(4, column.codec);
    w.i64(5, numRows);
    w.i64(6, uncompressed);
    w.i64(7, chunkBytes);
    w.i64(9, dataOffset < 0 ? chunkStart : dataOffset);
    if (dictionaryOffset >= 0)
        w.i64(11, dictionaryOffset);
    w.endStruct();
    w.endStruct();
    w.i64(2, uncompressed);
    w.i64(3, numRows);
    w.endStruct();
    w.endStruct();

    file += w.bytes;
    const uint32_t footerBytes = uint32_t(w.bytes.size());
    for (int i = 0; i < 4; ++i)
        file.push_back(char(footerBytes >> (8 * i)));
    return file + "PAR1";
}

std::string plainStrings(const std::vector<std::string>& values)
{
    std::string out;
    for (const std::string& v : values) {
        for (int i = 0; i < 4; ++i)
            out.push_back(char(v.size() >> (8 * i)));
        out += v;
    }
    return out;
}

std::string dictionaryIndices(const std::vector<uint32_t>& indices, int bitWidth)
{
    // One bit-packed run: header (groups << 1 | 1), then groups of eight values packed
    // least significant bit first, the last group padded with zeros.
    const size_t groups = (indices.size() + 7) / 8;
    std::string out(1, char(bitWidth));
    CompactWriter header;
    header.varint(groups << 1 | 1);
    out += header.bytes;
    std::string packed(groups * size_t(bitWidth), '\0');
    for (size_t i = 0; i < indices.size(); ++i)
        for (int b = 0; b < bitWidth; ++b)
            if (indices[i] >> b & 1) {
                const size_t bit = i * size_t(bitWidth) + size_t(b);
                packed[bit / 8] = char(packed[bit / 8] | (1 << (bit % 8)));
            }
    return out + packed;
}

} // namespace lw::test
