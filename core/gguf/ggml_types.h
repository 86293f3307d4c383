#pragma once
// ggml's tensor element types as GGUF files store them: the type ids, names, block sizes
// and bytes per block of llama.cpp's ggml (ggml.h, ggml-common.h), conversion of the
// block formats we support to float, and float to them as llama.cpp's quantizers do it
// (with or without an importance matrix).
//
// Every format packs `blockSize` elements into `bytesPerBlock` bytes; a tensor's first
// dimension (ggml's ne[0], GGUF's first dim) is a whole number of blocks.
#include <cstddef>
#include <cstdint>
#include <string>

namespace lw::gguf {

enum class GgmlType : uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    IQ2_XXS = 16,
    IQ2_XS = 17,
    IQ3_XXS = 18,
    IQ1_S = 19,
    IQ4_NL = 20,
    IQ3_S = 21,
    IQ2_S = 22,
    IQ4_XS = 23,
    I8 = 24,
    I16 = 25,
    I32 = 26,
    I64 = 27,
    F64 = 28,
    IQ1_M = 29,
    BF16 = 30,
    TQ1_0 = 34,
    TQ2_0 = 35,
    MXFP4 = 39,
    NVFP4 = 40,
    Q1_0 = 41,
    Q2_0 = 42,
};

struct GgmlTypeInfo {
    GgmlType type;
    const char* name;       // ggml's name: "f32", "q4_K", ...
    uint32_t blockSize;     // elements per block
    uint32_t bytesPerBlock; // bytes per block
    bool dequantizable;     // dequantize() handles it
    bool quantizable;       // quantize() handles it
};

// The entry for a type id read from a file, or nullptr for an id ggml does not define
// (or defines only as removed, such as 4, 5 and 31..33).
const GgmlTypeInfo* findGgmlType(uint32_t id);
const GgmlTypeInfo& ggmlTypeInfo(GgmlType type);
// "q4_K", or "unknown type 77" for ids findGgmlType() does not know.
std::string ggmlTypeName(uint32_t id);

// Bytes that `elements` values of `type` take, or false when `elements` is not a whole
// number of blocks or the size overflows 64 bits.
bool ggmlByteSize(GgmlType type, uint64_t elements, uint64_t& bytes);

// count / blockSize; lw::Error "<count> values are not whole <type> blocks of <size>"
// when `count` does not split into whole blocks.
uint64_t wholeBlocks(const GgmlTypeInfo& info, uint64_t count);

// IEEE half and bfloat16 <-> float. floatToHalf rounds to nearest even; floatToBf16
// rounds to nearest even and keeps NaNs quiet NaNs, as ggml does.
float halfToFloat(uint16_t h);
uint16_t floatToHalf(float f);
inline float bf16ToFloat(uint16_t b);
uint16_t floatToBf16(float f);

// Converts `count` elements stored as `type` at `blocks` to floats. `count` must be a
// whole number of blocks; lw::Error if it is not or the type is not dequantizable.
// Values equal ggml's dequantize_row_* bit for bit.
void dequantize(GgmlType type, const void* blocks, float* out, uint64_t count);

// Stores `count` floats as `type` (F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K,
// Q5_K, Q6_K) into ggmlByteSize(type, count) bytes at `blocks`, equal to ggml's
// quantize_row_*_ref. lw::Error for other types or a count that is not a whole number of
// blocks.
void quantize(GgmlType type, const float* in, void* blocks, uint64_t count);

// Stores `rows` rows of `rowLength` floats as `type`, each row ggmlByteSize(type,
// rowLength) bytes, equal byte for byte to ggml's quantize_<type>(in, blocks, rows,
// rowLength, importance) as llama-quantize calls it with an importance matrix:
// `importance` holds one weight per column (rowLength values, the same for every row), or
// is null for the reference quantizers (quantize()). Q8_0, F16, BF16 and F32 ignore it.
// Thread-safe: callers may quantize disjoint rows on several threads. lw::Error when
// rowLength is not a whole number of blocks or the type has no quantizer.
void quantizeWeighted(GgmlType type, const float* in, void* blocks, int64_t rows, int64_t rowLength,
                      const float* importance);

inline float bf16ToFloat(uint16_t b)
{
    const uint32_t bits = uint32_t(b) << 16;
    float f;
    static_assert(sizeof f == sizeof bits);
    __builtin_memcpy(&f, &bits, sizeof f);
    return f;
}

} // namespace lw::gguf
