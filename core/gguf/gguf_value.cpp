#include "core/gguf/gguf_value.h"

#include "core/util/error.h"

#include <cstring>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "GGUF values are kept as little-endian bytes");

namespace lw::gguf {

namespace {

template <class T>
struct TypeOf;
#define LW_GGUF_TYPE_OF(T, id) \
    template <>                \
    struct TypeOf<T> {         \
        static constexpr GgufValueType value = GgufValueType::id; \
    };
LW_GGUF_TYPE_OF(uint8_t, U8)
LW_GGUF_TYPE_OF(int8_t, I8)
LW_GGUF_TYPE_OF(uint16_t, U16)
LW_GGUF_TYPE_OF(int16_t, I16)
LW_GGUF_TYPE_OF(uint32_t, U32)
LW_GGUF_TYPE_OF(int32_t, I32)
LW_GGUF_TYPE_OF(uint64_t, U64)
LW_GGUF_TYPE_OF(int64_t, I64)
LW_GGUF_TYPE_OF(float, F32)
LW_GGUF_TYPE_OF(double, F64)
LW_GGUF_TYPE_OF(bool, Bool)
#undef LW_GGUF_TYPE_OF

template <class T>
std::string bytesOf(T v)
{
    std::string bytes(sizeof v, '\0');
    std::memcpy(bytes.data(), &v, sizeof v);
    return bytes;
}

[[noreturn]] void wrongType(const std::string& where, const GgufValue& value, const std::string& expected)
{
    throw Error(where + ": is " + value.typeName() + ", expected " + expected);
}

} // namespace

std::string valueTypeName(uint32_t type)
{
    static const char* const kNames[] = {"u8",   "i8",     "u16",   "i16", "u32", "i32", "f32",
                                         "bool", "string", "array", "u64", "i64", "f64"};
    return type < std::size(kNames) ? kNames[type] : "unknown type " + std::to_string(type);
}

size_t fixedValueSize(uint32_t type)
{
    switch (static_cast<GgufValueType>(type)) {
    case GgufValueType::U8:
    case GgufValueType::I8:
    case GgufValueType::Bool: return 1;
    case GgufValueType::U16:
    case GgufValueType::I16: return 2;
    case GgufValueType::U32:
    case GgufValueType::I32:
    case GgufValueType::F32: return 4;
    case GgufValueType::U64:
    case GgufValueType::I64:
    case GgufValueType::F64: return 8;
    default: return 0;
    }
}

template <class T>
GgufValue GgufValue::scalar(GgufValueType type, T v)
{
    GgufValue value(type, type);
    value.m_bytes = bytesOf(v);
    return value;
}

template <class T>
GgufValue GgufValue::array(GgufValueType element, const std::vector<T>& v)
{
    GgufValue value(GgufValueType::Array, element);
    value.m_bytes.resize(v.size() * sizeof(T));
    if (!v.empty())
        std::memcpy(value.m_bytes.data(), v.data(), value.m_bytes.size());
    return value;
}

GgufValue GgufValue::u8(uint8_t v) { return scalar(GgufValueType::U8, v); }
GgufValue GgufValue::i8(int8_t v) { return scalar(GgufValueType::I8, v); }
GgufValue GgufValue::u16(uint16_t v) { return scalar(GgufValueType::U16, v); }
GgufValue GgufValue::i16(int16_t v) { return scalar(GgufValueType::I16, v); }
GgufValue GgufValue::u32(uint32_t v) { return scalar(GgufValueType::U32, v); }
GgufValue GgufValue::i32(int32_t v) { return scalar(GgufValueType::I32, v); }
GgufValue GgufValue::u64(uint64_t v) { return scalar(GgufValueType::U64, v); }
GgufValue GgufValue::i64(int64_t v) { return scalar(GgufValueType::I64, v); }
GgufValue GgufValue::f32(float v) { return scalar(GgufValueType::F32, v); }
GgufValue GgufValue::f64(double v) { return scalar(GgufValueType::F64, v); }
GgufValue GgufValue::boolean(bool v) { return scalar(GgufValueType::Bool, uint8_t(v ? 1 : 0)); }

GgufValue GgufValue::string(std::string v)
{
    GgufValue value(GgufValueType::String, GgufValueType::String);
    value.m_strings.push_back(std::move(v));
    return value;
}

GgufValue GgufValue::stringArray(std::vector<std::string> v)
{
    GgufValue value(GgufValueType::Array, GgufValueType::String);
    value.m_strings = std::move(v);
    return value;
}

GgufValue GgufValue::u8Array(const std::vector<uint8_t>& v) { return array(GgufValueType::U8, v); }
GgufValue GgufValue::i32Array(const std::vector<int32_t>& v) { return array(GgufValueType::I32, v); }
GgufValue GgufValue::u32Array(const std::vector<uint32_t>& v) { return array(GgufValueType::U32, v); }
GgufValue GgufValue::i64Array(const std::vector<int64_t>& v) { return array(GgufValueType::I64, v); }
GgufValue GgufValue::f32Array(const std::vector<float>& v) { return array(GgufValueType::F32, v); }
GgufValue GgufValue::f64Array(const std::vector<double>& v) { return array(GgufValueType::F64, v); }

GgufValue GgufValue::boolArray(const std::vector<bool>& v)
{
    std::vector<uint8_t> bytes(v.begin(), v.end());
    return array(GgufValueType::Bool, bytes);
}

GgufValue GgufValue::numericArray(GgufValueType element, std::string bytes)
{
    const size_t size = fixedValueSize(static_cast<uint32_t>(element));
    if (size == 0)
        throw Error("an array of " + valueTypeName(static_cast<uint32_t>(element)) + " has no fixed element size");
    if (bytes.size() % size != 0)
        throw Error(std::to_string(bytes.size()) + " bytes are not whole " +
                    valueTypeName(static_cast<uint32_t>(element)) + " values");
    GgufValue value(GgufValueType::Array, element);
    value.m_bytes = std::move(bytes);
    return value;
}

GgufValue GgufValue::scalarFromBytes(GgufValueType type, std::string bytes)
{
    const size_t size = fixedValueSize(static_cast<uint32_t>(type));
    if (size == 0 || bytes.size() != size)
        throw Error(std::to_string(bytes.size()) + " bytes are not one " + valueTypeName(static_cast<uint32_t>(type)) +
                    " value");
    GgufValue value(type, type);
    value.m_bytes = std::move(bytes);
    return value;
}

uint64_t GgufValue::arraySize() const
{
    if (!isArray())
        return 0;
    if (m_elementType == GgufValueType::String)
        return m_strings.size();
    return m_bytes.size() / fixedValueSize(static_cast<uint32_t>(m_elementType));
}

std::string GgufValue::typeName() const
{
    if (isArray())
        return "array of " + valueTypeName(static_cast<uint32_t>(m_elementType));
    return valueTypeName(static_cast<uint32_t>(m_type));
}

bool GgufValue::operator==(const GgufValue& other) const
{
    return m_type == other.m_type && m_elementType == other.m_elementType && m_bytes == other.m_bytes &&
           m_strings == other.m_strings;
}

// Typed access: numbers, bool, string, and arrays of each.
template <class T>
T GgufValue::as(const std::string& where) const
{
    constexpr GgufValueType wanted = TypeOf<T>::value;
    if (m_type != wanted)
        wrongType(where, *this, valueTypeName(static_cast<uint32_t>(wanted)));
    T v;
    std::memcpy(&v, m_bytes.data(), sizeof v);
    return v;
}

template <>
bool GgufValue::as<bool>(const std::string& where) const
{
    if (m_type != GgufValueType::Bool)
        wrongType(where, *this, "bool");
    return m_bytes[0] != 0;
}

template <>
std::string GgufValue::as<std::string>(const std::string& where) const
{
    if (m_type != GgufValueType::String)
        wrongType(where, *this, "string");
    return m_strings.front();
}

template <>
std::vector<std::string> GgufValue::as<std::vector<std::string>>(const std::string& where) const
{
    if (!isArray() || m_elementType != GgufValueType::String)
        wrongType(where, *this, "array of string");
    return m_strings;
}

template <>
std::vector<bool> GgufValue::as<std::vector<bool>>(const std::string& where) const
{
    if (!isArray() || m_elementType != GgufValueType::Bool)
        wrongType(where, *this, "array of bool");
    std::vector<bool> v;
    for (char c : m_bytes)
        v.push_back(c != 0);
    return v;
}

#define LW_GGUF_AS(T)                                                                               \
    template T GgufValue::as<T>(const std::string&) const;                                         \
    template <>                                                                                     \
    std::vector<T> GgufValue::as<std::vector<T>>(const std::string& where) const                   \
    {                                                                                               \
        constexpr GgufValueType wanted = TypeOf<T>::value;                                          \
        if (!isArray() || m_elementType != wanted)                                                  \
            wrongType(where, *this, "array of " + valueTypeName(static_cast<uint32_t>(wanted)));   \
        std::vector<T> v(m_bytes.size() / sizeof(T));                                               \
        if (!v.empty())                                                                             \
            std::memcpy(v.data(), m_bytes.data(), m_bytes.size());                                  \
        return v;                                                                                   \
    }
LW_GGUF_AS(uint8_t)
LW_GGUF_AS(int8_t)
LW_GGUF_AS(uint16_t)
LW_GGUF_AS(int16_t)
LW_GGUF_AS(uint32_t)
LW_GGUF_AS(int32_t)
LW_GGUF_AS(uint64_t)
LW_GGUF_AS(int64_t)
LW_GGUF_AS(float)
LW_GGUF_AS(double)
#undef LW_GGUF_AS

} // namespace lw::gguf
