#include "core/parquet/column_cursor.h"

#include "core/parquet/page_decompress.h"
#include "core/parquet/parquet_metadata.h"
#include "core/parquet/random_access_file.h"
#include "core/parquet/thrift_compact.h"

#include <algorithm>
#include <cstring>

namespace lw::parquet {

namespace {

// Page headers are small, but statistics may carry long minimum and maximum strings:
// the window starts small (a file of many tiny pages must not cost a large read per
// page) and grows when a header does not fit.
constexpr size_t kFirstHeaderWindow = size_t(4) << 10;
constexpr size_t kMaxHeaderBytes = size_t(16) << 20;

template <typename T>
T loadLittleEndian(const uint8_t* p)
{
    T v;
    std::memcpy(&v, p, sizeof v); // little-endian host (x86-64, aarch64)
    return v;
}

std::string valuesEndEarly(const char* what)
{
    return std::string("values end inside a ") + what;
}

} // namespace

ColumnCursor::ColumnCursor(const RandomAccessFile& file) : m_file(file) {}

void ColumnCursor::startChunk(ColumnChunkSpec spec)
{
    m_spec = std::move(spec);
    m_pos = m_spec.begin;
    m_pageIndex = -1;
    m_valuesAssigned = 0;
    m_valuesLeftInPage = 0;
    m_dictionary.clear();
    m_hasDictionary = false;
}

std::string ColumnCursor::where() const
{
    std::string s = "column '" + m_spec.name + "'";
    if (m_pageIndex >= 0)
        s += ", page " + std::to_string(m_pageIndex);
    return s + ": ";
}

size_t ColumnCursor::readPageHeader(PageHeader& header)
{
    const size_t left = size_t(m_spec.end - m_pos);
    size_t window = std::min(left, kFirstHeaderWindow);
    for (;;) {
        m_headerWindow.resize(window);
        m_file.readAt(m_pos, window, m_headerWindow.data());
        try {
            size_t headerBytes = 0;
            header = parsePageHeader(m_headerWindow.data(), window, &headerBytes);
            return headerBytes;
        } catch (const ThriftTruncated& e) {
            if (window == left)
                throw FormatError(std::string("page header runs past the end of the column chunk: ") + e.what());
            if (window >= kMaxHeaderBytes)
                throw FormatError("page header is longer than " + std::to_string(kMaxHeaderBytes) + " bytes");
            window = std::min(left, window * 4);
        }
    }
}

void ColumnCursor::loadNextPage()
{
    if (m_pos >= m_spec.end)
        throw FormatError("the column chunk ends after " + std::to_string(m_valuesAssigned) + " of its " +
                          std::to_string(m_spec.numValues) + " values");
    ++m_pageIndex;
    PageHeader header;
    const size_t headerBytes = readPageHeader(header);
    const int64_t bodyStart = m_pos + int64_t(headerBytes);
    if (int64_t(header.compressedSize) > m_spec.end - bodyStart)
        throw FormatError("page of " + std::to_string(header.compressedSize) + " bytes at byte " +
                          std::to_string(bodyStart) + " runs past the end of its column chunk (byte " +
                          std::to_string(m_spec.end) + ")");
    // Reuse what the header window already holds of the body.
    const size_t inWindow = std::min(m_headerWindow.size() - headerBytes, size_t(header.compressedSize));
    if (inWindow == size_t(header.compressedSize)) {
        m_pageBytes.assign(m_headerWindow.data() + headerBytes, inWindow);
    } else {
        m_pageBytes.resize(size_t(header.compressedSize));
        m_file.readAt(bodyStart, m_pageBytes.size(), m_pageBytes.data());
    }
    m_pos = bodyStart + header.compressedSize;

    switch (PageType(header.type)) {
    case PageType::DictionaryPage:
        readDictionaryPage(header);
        return;
    case PageType::DataPage:
    case PageType::DataPageV2: {
        if (header.numValues < 0 || header.numValues > m_spec.numValues - m_valuesAssigned)
            throw FormatError("page declares " + std::to_string(header.numValues) + " values, but only " +
                              std::to_string(m_spec.numValues - m_valuesAssigned) + " remain in the column chunk");
        if (PageType(header.type) == PageType::DataPage)
            startDataPageV1(header);
        else
            startDataPageV2(header);
        m_valuesAssigned += header.numValues;
        m_valuesLeftInPage = header.numValues;
        return;
    }
    case PageType::IndexPage:
        return; // nothing the rows need
    default:
        throw FormatError("unknown page type " + std::to_string(header.type));
    }
}

void ColumnCursor::readDictionaryPage(const PageHeader& header)
{
    if (m_hasDictionary)
        throw FormatError("a second dictionary page in one column chunk");
    if (m_valuesAssigned > 0)
        throw FormatError("a dictionary page after data pages");
    if (header.encoding != int32_t(Encoding::Plain) && header.encoding != int32_t(Encoding::PlainDictionary))
        throw FormatError("dictionary page encoding " + encodingName(header.encoding) + " is not supported");
    decompressPage(m_spec.codec, m_pageBytes.data(), m_pageBytes.size(),
                   size_t(header.uncompressedSize), m_dictionaryBytes);
    // Every plain value takes at least one bit (booleans) or one byte; a count beyond
    // that is a lie that must not become an allocation.
    const int64_t bytes = int64_t(m_dictionaryBytes.size());
    const int64_t most = m_spec.type == ColumnType::Boolean ? bytes * 8 : bytes;
    if (header.numValues < 0 || header.numValues > most)
        throw FormatError("dictionary page declares " + std::to_string(header.numValues) + " values in " +
                          std::to_string(bytes) + " bytes");
    m_dictionary.assign(size_t(header.numValues), CellValue{});
    const uint8_t* pos = m_dictionaryBytes.data();
    const uint8_t* end = pos + m_dictionaryBytes.size();
    uint32_t boolBit = 0;
    for (CellValue& v : m_dictionary) {
        v.isNull = false;
        v.type = m_spec.type;
        decodePlain(pos, end, boolBit, v);
    }
    m_hasDictionary = true;
}

void ColumnCursor::startDataPageV1(const PageHeader& header)
{
    decompressPage(m_spec.codec, m_pageBytes.data(), m_pageBytes.size(),
                   size_t(header.uncompressedSize), m_decompressed);
    const uint8_t* pos = m_decompressed.data();
    const uint8_t* end = pos + m_decompressed.size();
    // A flat column has no repetition levels; an optional one has definition levels,
    // RLE-encoded behind a 4-byte length.
    if (m_spec.optional) {
        if (header.definitionLevelEncoding != int32_t(Encoding::Rle))
            throw FormatError("definition level encoding " + encodingName(header.definitionLevelEncoding) +
                              " is not supported (supported: RLE)");
        if (end - pos < 4)
            throw FormatError("page ends before its definition levels' length");
        const uint32_t length = loadLittleEndian<uint32_t>(pos);
        pos += 4;
        if (length > uint32_t(end - pos))
            throw FormatError("definition levels of " + std::to_string(length) + " bytes run past the page's " +
                              std::to_string(end - pos) + " bytes");
        m_levels = RleBitPackedDecoder(pos, length, 1);
        pos += length;
    }
    startValues(header.encoding, pos, end);
}

void ColumnCursor::startDataPageV2(const PageHeader& header)
{
    const int64_t levelBytes = int64_t(header.definitionLevelsBytes) + header.repetitionLevelsBytes;
    if (header.definitionLevelsBytes < 0 || header.repetitionLevelsBytes < 0 ||
        levelBytes > int64_t(m_pageBytes.size()) || levelBytes > header.uncompressedSize)
        throw FormatError("page's level lengths (" + std::to_string(header.repetitionLevelsBytes) + " and " +
                          std::to_string(header.definitionLevelsBytes) + " bytes) do not fit in the page");
    if (header.repetitionLevelsBytes != 0)
        throw FormatError("page has repetition levels, which a flat column cannot have");
    // In v2 the levels are never compressed; they precede the (maybe compressed) values.
    const uint8_t* levels = m_pageBytes.data();
    if (m_spec.optional)
        m_levels = RleBitPackedDecoder(levels, size_t(header.definitionLevelsBytes), 1);
    const uint8_t* values = levels + levelBytes;
    const size_t storedValueBytes = m_pageBytes.size() - size_t(levelBytes);
    if (header.valuesCompressed && Codec(m_spec.codec) != Codec::Uncompressed) {
        decompressPage(m_spec.codec, values, storedValueBytes, size_t(header.uncompressedSize - levelBytes),
                       m_decompressed);
        const uint8_t* begin = m_decompressed.data();
        startValues(header.encoding, begin, begin + m_decompressed.size());
    } else {
        if (int64_t(storedValueBytes) != header.uncompressedSize - levelBytes)
            throw FormatError("uncompressed page holds " + std::to_string(storedValueBytes) +
                              " bytes of values, but its header declares " +
                              std::to_string(header.uncompressedSize - levelBytes));
        startValues(header.encoding, values, values + storedValueBytes);
    }
}

void ColumnCursor::startValues(int32_t encoding, const uint8_t* begin, const uint8_t* end)
{
    m_valuesPos = begin;
    m_valuesEnd = end;
    m_boolBit = 0;
    switch (Encoding(encoding)) {
    case Encoding::Plain:
        m_source = ValueSource::Plain;
        return;
    case Encoding::PlainDictionary:
    case Encoding::RleDictionary: {
        if (!m_hasDictionary)
            throw FormatError("dictionary-encoded page, but the column chunk has no dictionary page");
        m_source = ValueSource::Dictionary;
        // The index bit width comes first; a page of nulls only may have no bytes at all.
        const int bitWidth = begin < end ? *begin : 0;
        if (bitWidth > 32)
            throw FormatError("dictionary index bit width " + std::to_string(bitWidth) + " is over 32");
        const uint8_t* indices = begin < end ? begin + 1 : end;
        m_indices = RleBitPackedDecoder(indices, size_t(end - indices), bitWidth);
        return;
    }
    case Encoding::Rle: {
        if (m_spec.type != ColumnType::Boolean)
            throw FormatError("RLE encoding of values is only supported for BOOLEAN columns");
        if (end - begin < 4)
            throw FormatError("page ends before its RLE booleans' length");
        const uint32_t length = loadLittleEndian<uint32_t>(begin);
        if (length > uint32_t(end - begin - 4))
            throw FormatError("RLE booleans of " + std::to_string(length) + " bytes run past the page's end");
        m_source = ValueSource::RleBoolean;
        m_indices = RleBitPackedDecoder(begin + 4, length, 1);
        return;
    }
    default:
        throw FormatError("encoding " + encodingName(encoding) +
                          " is not supported (supported: PLAIN, PLAIN_DICTIONARY, RLE_DICTIONARY, RLE for booleans)");
    }
}

void ColumnCursor::decodeValue(CellValue& cell)
{
    switch (m_source) {
    case ValueSource::Plain:
        cell.type = m_spec.type;
        decodePlain(m_valuesPos, m_valuesEnd, m_boolBit, cell);
        return;
    case ValueSource::Dictionary: {
        const uint32_t index = m_indices.next();
        if (index >= m_dictionary.size())
            throw FormatError("dictionary index " + std::to_string(index) + " out of range (dictionary has " +
                              std::to_string(m_dictionary.size()) + " values)");
        cell = m_dictionary[index];
        return;
    }
    case ValueSource::RleBoolean:
        cell.type = ColumnType::Boolean;
        cell.integer = m_indices.next();
        return;
    }
}

void ColumnCursor::decodePlain(const uint8_t*& pos, const uint8_t* end, uint32_t& boolBit, CellValue& cell) const
{
    const size_t left = size_t(end - pos);
    switch (m_spec.type) {
    case ColumnType::Boolean:
        // Bit-packed, least significant bit first; boolBit is the bit of *pos.
        if (left == 0)
            throw FormatError(valuesEndEarly("boolean"));
        cell.integer = (*pos >> boolBit) & 1;
        if (++boolBit == 8) {
            boolBit = 0;
            ++pos;
        }
        return;
    case ColumnType::Int32:
        if (left < 4)
            throw FormatError(valuesEndEarly("32-bit integer"));
        cell.integer = loadLittleEndian<int32_t>(pos);
        pos += 4;
        return;
    case ColumnType::Int64:
        if (left < 8)
            throw FormatError(valuesEndEarly("64-bit integer"));
        cell.integer = loadLittleEndian<int64_t>(pos);
        pos += 8;
        return;
    case ColumnType::Float:
        if (left < 4)
            throw FormatError(valuesEndEarly("float"));
        cell.real = loadLittleEndian<float>(pos);
        pos += 4;
        return;
    case ColumnType::Double:
        if (left < 8)
            throw FormatError(valuesEndEarly("double"));
        cell.real = loadLittleEndian<double>(pos);
        pos += 8;
        return;
    case ColumnType::String: {
        if (left < 4)
            throw FormatError(valuesEndEarly("string's length"));
        const uint32_t length = loadLittleEndian<uint32_t>(pos);
        if (length > left - 4)
            throw FormatError("a string of " + std::to_string(length) + " bytes runs past the page's end");
        cell.text = std::string_view(reinterpret_cast<const char*>(pos + 4), length);
        pos += 4 + length;
        return;
    }
    }
}

} // namespace lw::parquet
