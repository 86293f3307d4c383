#pragma once
// One GGUF metadata value with its exact type. llama.cpp checks metadata types exactly
// (a u32 key read as i32 fails), so a value keeps the type it was read or made with,
// numbers keep the bytes the file held, and typed access refuses any other type.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lw::gguf {

enum class GgufValueType : uint32_t {
    U8 = 0,
    I8 = 1,
    U16 = 2,
    I16 = 3,
    U32 = 4,
    I32 = 5,
    F32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    U64 = 10,
    I64 = 11,
    F64 = 12,
};

// "u32", "string", "array", ... or "unknown type 13".
std::string valueTypeName(uint32_t type);
// Bytes one value of a fixed-size type takes; 0 for string, array and unknown types.
size_t fixedValueSize(uint32_t type);

class GgufValue {
public:
    static GgufValue u8(uint8_t v);
    static GgufValue i8(int8_t v);
    static GgufValue u16(uint16_t v);
    static GgufValue i16(int16_t v);
    static GgufValue u32(uint32_t v);
    static GgufValue i32(int32_t v);
    static GgufValue u64(uint64_t v);
    static GgufValue i64(int64_t v);
    static GgufValue f32(float v);
    static GgufValue f64(double v);
    static GgufValue boolean(bool v);
    static GgufValue string(std::string v);
    static GgufValue stringArray(std::vector<std::string> v);
    static GgufValue u8Array(const std::vector<uint8_t>& v);
    static GgufValue i32Array(const std::vector<int32_t>& v);
    static GgufValue u32Array(const std::vector<uint32_t>& v);
    static GgufValue i64Array(const std::vector<int64_t>& v);
    static GgufValue f32Array(const std::vector<float>& v);
    static GgufValue f64Array(const std::vector<double>& v);
    static GgufValue boolArray(const std::vector<bool>& v);
    // An array of a fixed-size element type from its little-endian bytes (what a file
    // holds); lw::Error if the type is not fixed-size or the bytes are not whole values.
    static GgufValue numericArray(GgufValueType element, std::string bytes);
    // A fixed-size scalar from its little-endian bytes; lw::Error if they do not fit.
    static GgufValue scalarFromBytes(GgufValueType type, std::string bytes);

    GgufValueType type() const { return m_type; }
    GgufValueType elementType() const { return m_elementType; } // arrays only
    bool isArray() const { return m_type == GgufValueType::Array; }
    uint64_t arraySize() const;
    // "u32", or "array of string".
    std::string typeName() const;

    // The value as T, which must match the stored type exactly (uint32_t for u32,
    // std::vector<float> for an array of f32, std::string for string, ...); otherwise
    // lw::Error "<where>: is <actual type>, expected <T's type>".
    template <class T>
    T as(const std::string& where) const;

    // Numbers and number arrays as the file stores them (little-endian); the strings
    // of a string or string array.
    const std::string& rawBytes() const { return m_bytes; }
    const std::vector<std::string>& strings() const { return m_strings; }

    bool operator==(const GgufValue& other) const;
    bool operator!=(const GgufValue& other) const { return !(*this == other); }

private:
    GgufValue(GgufValueType type, GgufValueType element) : m_type(type), m_elementType(element) {}
    template <class T>
    static GgufValue scalar(GgufValueType type, T v);
    template <class T>
    static GgufValue array(GgufValueType element, const std::vector<T>& v);

    GgufValueType m_type;
    GgufValueType m_elementType;
    std::string m_bytes;
    std::vector<std::string> m_strings;
};

// The types as<T>() accepts (defined in gguf_value.cpp).
template <> bool GgufValue::as<bool>(const std::string& where) const;
template <> std::string GgufValue::as<std::string>(const std::string& where) const;
template <> std::vector<std::string> GgufValue::as<std::vector<std::string>>(const std::string& where) const;
template <> std::vector<bool> GgufValue::as<std::vector<bool>>(const std::string& where) const;
#define LW_GGUF_DECLARE_AS(T)                                                           \
    extern template T GgufValue::as<T>(const std::string& where) const;               \
    template <> std::vector<T> GgufValue::as<std::vector<T>>(const std::string& where) const;
LW_GGUF_DECLARE_AS(uint8_t)
LW_GGUF_DECLARE_AS(int8_t)
LW_GGUF_DECLARE_AS(uint16_t)
LW_GGUF_DECLARE_AS(int16_t)
LW_GGUF_DECLARE_AS(uint32_t)
LW_GGUF_DECLARE_AS(int32_t)
LW_GGUF_DECLARE_AS(uint64_t)
LW_GGUF_DECLARE_AS(int64_t)
LW_GGUF_DECLARE_AS(float)
LW_GGUF_DECLARE_AS(double)
#undef LW_GGUF_DECLARE_AS

} // namespace lw::gguf
