#include "core/parquet/thrift_compact.h"

#include <cstring>

namespace lw::parquet {

namespace {

// Parquet's structures nest a few levels; deeper input is hostile, not a newer writer.
constexpr int kMaxNesting = 64;

int64_t zigzagDecode(uint64_t v)
{
    return int64_t(v >> 1) ^ -int64_t(v & 1);
}

} // namespace

CompactReader::CompactReader(const uint8_t* data, size_t size) : m_begin(data), m_pos(data), m_end(data + size) {}

uint8_t CompactReader::readByte()
{
    if (m_pos == m_end)
        throw ThriftTruncated("metadata ends early, at byte " + std::to_string(position()));
    return *m_pos++;
}

uint64_t CompactReader::readVarint()
{
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        const uint8_t b = readByte();
        value |= uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80))
            return value;
    }
    throw FormatError("metadata holds a variable-length integer longer than 10 bytes at byte " +
                      std::to_string(position()));
}

void CompactReader::beginStruct()
{
    if (m_lastFieldIds.size() >= size_t(kMaxNesting))
        throw FormatError("metadata nests structures deeper than " + std::to_string(kMaxNesting));
    m_lastFieldIds.push_back(0);
}

void CompactReader::endStruct()
{
    m_lastFieldIds.pop_back();
}

bool CompactReader::nextField(Field& field)
{
    const uint8_t header = readByte();
    field.type = header & 0x0f;
    if (field.type == thrift::Stop)
        return false;
    if (field.type > thrift::Struct)
        throw FormatError("metadata holds unknown field type " + std::to_string(field.type) + " at byte " +
                          std::to_string(position() - 1));
    const int delta = header >> 4;
    int16_t& last = m_lastFieldIds.back();
    if (delta != 0)
        field.id = int16_t(last + delta);
    else
        field.id = int16_t(zigzagDecode(readVarint()));
    last = field.id;
    return true;
}

bool CompactReader::readBool(const Field& field)
{
    if (field.type != thrift::True && field.type != thrift::False)
        throw FormatError("metadata field " + std::to_string(field.id) + " is not a boolean");
    return field.type == thrift::True;
}

int32_t CompactReader::readI32()
{
    const int64_t v = zigzagDecode(readVarint());
    if (v < INT32_MIN || v > INT32_MAX)
        throw FormatError("metadata holds a 32-bit integer out of range at byte " + std::to_string(position()));
    return int32_t(v);
}

int64_t CompactReader::readI64()
{
    return zigzagDecode(readVarint());
}

double CompactReader::readDouble()
{
    if (m_end - m_pos < 8)
        throw ThriftTruncated("metadata ends inside a double at byte " + std::to_string(position()));
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i)
        bits |= uint64_t(m_pos[i]) << (8 * i);
    m_pos += 8;
    double v;
    static_assert(sizeof v == sizeof bits);
    std::memcpy(&v, &bits, sizeof v);
    return v;
}

std::string_view CompactReader::readBinary()
{
    const uint64_t length = readVarint();
    if (length > uint64_t(m_end - m_pos))
        throw ThriftTruncated("metadata string of " + std::to_string(length) + " bytes runs past the end at byte " +
                              std::to_string(position()));
    const std::string_view s(reinterpret_cast<const char*>(m_pos), size_t(length));
    m_pos += length;
    return s;
}

CompactReader::ListHeader CompactReader::readListHeader()
{
    const uint8_t header = readByte();
    ListHeader list;
    list.elementType = header & 0x0f;
    uint64_t size = header >> 4;
    if (size == 15)
        size = readVarint();
    // Booleans take one byte each in lists; every other element at least one.
    if (size > uint64_t(m_end - m_pos))
        throw ThriftTruncated("metadata list of " + std::to_string(size) + " elements is longer than the " +
                              std::to_string(m_end - m_pos) + " bytes left");
    list.size = int64_t(size);
    return list;
}

void CompactReader::skip(uint8_t type)
{
    skipAt(type, 0);
}

void CompactReader::skipElement(uint8_t type, int depth)
{
    if (type == thrift::True || type == thrift::False)
        readByte(); // inside a list or map a boolean is a byte of its own
    else
        skipAt(type, depth);
}

void CompactReader::skipAt(uint8_t type, int depth)
{
    if (depth > kMaxNesting)
        throw FormatError("metadata nests values deeper than " + std::to_string(kMaxNesting));
    switch (type) {
    case thrift::True:
    case thrift::False:
        return; // a field's boolean lives in its type nibble
    case thrift::Byte:
        readByte();
        return;
    case thrift::I16:
    case thrift::I32:
    case thrift::I64:
        readVarint();
        return;
    case thrift::Double:
        readDouble();
        return;
    case thrift::Binary:
        readBinary();
        return;
    case thrift::List:
    case thrift::Set: {
        const ListHeader list = readListHeader();
        for (int64_t i = 0; i < list.size; ++i)
            skipElement(list.elementType, depth + 1);
        return;
    }
    case thrift::Map: {
        const uint64_t size = readVarint();
        if (size == 0)
            return;
        if (size > uint64_t(m_end - m_pos))
            throw ThriftTruncated("metadata map of " + std::to_string(size) + " entries is longer than the bytes left");
        const uint8_t types = readByte();
        for (uint64_t i = 0; i < size; ++i) {
            skipElement(types >> 4, depth + 1);
            skipElement(types & 0x0f, depth + 1);
        }
        return;
    }
    case thrift::Struct: {
        beginStruct();
        Field field;
        while (nextField(field))
            skipAt(field.type, depth + 1);
        endStruct();
        return;
    }
    default:
        throw FormatError("metadata holds unknown value type " + std::to_string(type) + " at byte " +
                          std::to_string(position()));
    }
}

} // namespace lw::parquet
