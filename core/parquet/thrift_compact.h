#pragma once
// A reader of the Thrift compact protocol, the encoding of Parquet's footer and page
// headers. It reads fields one at a time and skips the ones the caller does not know,
// so files written by newer writers still read. Every length is checked against the
// bytes that remain; running out throws ThriftTruncated, other damage FormatError.
#include "core/parquet/format_error.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lw::parquet {

// The bytes ended inside a value: a page header read through a window of the file may
// need a larger window.
class ThriftTruncated : public FormatError {
public:
    using FormatError::FormatError;
};

namespace thrift {
enum Type : uint8_t {
    Stop = 0, True = 1, False = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6,
    Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12
};
} // namespace thrift

class CompactReader {
public:
    CompactReader(const uint8_t* data, size_t size);

    struct Field {
        int16_t id = 0;
        uint8_t type = thrift::Stop;
    };
    struct ListHeader {
        uint8_t elementType = thrift::Stop;
        int64_t size = 0;
    };

    // Struct fields: beginStruct(), then nextField() until it returns false (the stop
    // field), reading or skipping each; endStruct() after the stop.
    void beginStruct();
    bool nextField(Field& field);
    void endStruct();

    bool readBool(const Field& field);       // a struct field's boolean (its value is in the type)
    int32_t readI32();
    int64_t readI64();
    double readDouble();
    std::string_view readBinary();            // valid while the reader's bytes are
    std::string readString() { return std::string(readBinary()); }
    // A list's header; its size is checked against the bytes left (each element takes
    // at least one byte), so callers may reserve that many.
    ListHeader readListHeader();

    void skip(uint8_t type);
    size_t position() const { return size_t(m_pos - m_begin); }

private:
    uint8_t readByte();
    uint64_t readVarint();
    void skipAt(uint8_t type, int depth);
    void skipElement(uint8_t type, int depth);

    const uint8_t* m_begin;
    const uint8_t* m_pos;
    const uint8_t* m_end;
    std::vector<int16_t> m_lastFieldIds; // one per open struct
};

} // namespace lw::parquet
