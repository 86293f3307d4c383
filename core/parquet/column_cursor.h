#pragma once
// Walks one column chunk of one row group a value at a time, loading one page at a time:
// it reads each page header, decompresses the page, and decodes its definition levels
// and values (plain, dictionary indices, or RLE booleans) as they are asked for. Errors
// are FormatError prefixed with the column and page ("column 'text', page 3: ...").
#include "core/parquet/byte_buffer.h"
#include "core/parquet/format_error.h"
#include "core/parquet/parquet_reader.h"
#include "core/parquet/rle_bit_packed.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lw::parquet {

class RandomAccessFile;
struct PageHeader;

struct ColumnChunkSpec {
    std::string name;
    ColumnType type = ColumnType::String;
    int32_t physicalType = 0;
    bool optional = false;
    int32_t codec = 0;
    int64_t begin = 0; // file offset of the first page
    int64_t end = 0;   // one past the last byte of the chunk
    int64_t numValues = 0;
};

class ColumnCursor {
public:
    explicit ColumnCursor(const RandomAccessFile& file);

    // Starts on a column chunk; the buffers of the previous one are kept for reuse.
    void startChunk(ColumnChunkSpec spec);

    // The next value of the column; throws when the chunk holds fewer than numValues.
    void next(CellValue& cell)
    {
        try {
            while (m_valuesLeftInPage == 0)
                loadNextPage();
            --m_valuesLeftInPage;
            if (m_spec.optional) {
                const uint32_t level = m_levels.next();
                if (level == 0) {
                    cell.isNull = true;
                    return;
                }
                if (level != 1)
                    throw FormatError("definition level " + std::to_string(level) + " is above the column's maximum of 1");
            }
            cell.isNull = false;
            decodeValue(cell);
        } catch (const FormatError& e) {
            throw FormatError(where() + e.what());
        }
    }

    int64_t bytesConsumed() const { return m_pos - m_spec.begin; }

private:
    std::string where() const;
    void loadNextPage();
    size_t readPageHeader(PageHeader& header);
    void readDictionaryPage(const PageHeader& header);
    void startDataPageV1(const PageHeader& header);
    void startDataPageV2(const PageHeader& header);
    void startValues(int32_t encoding, const uint8_t* begin, const uint8_t* end);
    void decodeValue(CellValue& cell);
    void decodePlain(const uint8_t*& pos, const uint8_t* end, uint32_t& boolBit, CellValue& cell) const;

    enum class ValueSource { Plain, Dictionary, RleBoolean };

    const RandomAccessFile& m_file;
    ColumnChunkSpec m_spec;
    int64_t m_pos = 0;              // file offset of the next page header
    int64_t m_pageIndex = -1;       // of the page loaded last, counting every page of the chunk
    int64_t m_valuesAssigned = 0;   // values of the data pages loaded so far
    int64_t m_valuesLeftInPage = 0;
    ByteBuffer m_headerWindow;
    ByteBuffer m_pageBytes;         // the page as stored
    ByteBuffer m_decompressed;      // its values (and v1 levels), decompressed
    ByteBuffer m_dictionaryBytes;
    std::vector<CellValue> m_dictionary;
    bool m_hasDictionary = false;
    RleBitPackedDecoder m_levels;
    ValueSource m_source = ValueSource::Plain;
    const uint8_t* m_valuesPos = nullptr;
    const uint8_t* m_valuesEnd = nullptr;
    uint32_t m_boolBit = 0;         // bit of *m_valuesPos for plain booleans
    RleBitPackedDecoder m_indices;  // dictionary indices or RLE booleans
};

} // namespace lw::parquet
