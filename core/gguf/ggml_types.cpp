#include "core/gguf/ggml_types.h"

#include "core/util/error.h"

#include <cstring>

namespace lw::gguf {

namespace {

// Sizes from ggml's type traits (ggml.c) and block structs (ggml-common.h).
constexpr GgmlTypeInfo kTypes[] = {
    {GgmlType::F32, "f32", 1, 4, true, true},
    {GgmlType::F16, "f16", 1, 2, true, true},
    {GgmlType::Q4_0, "q4_0", 32, 18, true, true},
    {GgmlType::Q4_1, "q4_1", 32, 20, true, true},
    {GgmlType::Q5_0, "q5_0", 32, 22, true, true},
    {GgmlType::Q5_1, "q5_1", 32, 24, true, true},
    {GgmlType::Q8_0, "q8_0", 32, 34, true, true},
    {GgmlType::Q8_1, "q8_1", 32, 36, false, false},
    {GgmlType::Q2_K, "q2_K", 256, 84, false, false},
    {GgmlType::Q3_K, "q3_K", 256, 110, false, false},
    {GgmlType::Q4_K, "q4_K", 256, 144, true, true},
    {GgmlType::Q5_K, "q5_K", 256, 176, true, true},
    {GgmlType::Q6_K, "q6_K", 256, 210, true, true},
    {GgmlType::Q8_K, "q8_K", 256, 292, false, false},
    {GgmlType::IQ2_XXS, "iq2_xxs", 256, 66, false, false},
    {GgmlType::IQ2_XS, "iq2_xs", 256, 74, false, false},
    {GgmlType::IQ3_XXS, "iq3_xxs", 256, 98, false, false},
    {GgmlType::IQ1_S, "iq1_s", 256, 50, false, false},
    {GgmlType::IQ4_NL, "iq4_nl", 32, 18, false, false},
    {GgmlType::IQ3_S, "iq3_s", 256, 110, false, false},
    {GgmlType::IQ2_S, "iq2_s", 256, 82, false, false},
    {GgmlType::IQ4_XS, "iq4_xs", 256, 136, false, false},
    {GgmlType::I8, "i8", 1, 1, false, false},
    {GgmlType::I16, "i16", 1, 2, false, false},
    {GgmlType::I32, "i32", 1, 4, false, false},
    {GgmlType::I64, "i64", 1, 8, false, false},
    {GgmlType::F64, "f64", 1, 8, false, false},
    {GgmlType::IQ1_M, "iq1_m", 256, 56, false, false},
    {GgmlType::BF16, "bf16", 1, 2, true, true},
    {GgmlType::TQ1_0, "tq1_0", 256, 54, false, false},
    {GgmlType::TQ2_0, "tq2_0", 256, 66, false, false},
    {GgmlType::MXFP4, "mxfp4", 32, 17, false, false},
    {GgmlType::NVFP4, "nvfp4", 64, 36, false, false},
    {GgmlType::Q1_0, "q1_0", 128, 18, false, false},
    {GgmlType::Q2_0, "q2_0", 64, 18, false, false},
};

uint32_t bitsOf(float f)
{
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

float floatOf(uint32_t u)
{
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

// Drops the low `shift` bits of `value`, rounding to nearest, ties to even.
uint32_t shiftRoundingToEven(uint32_t value, unsigned shift)
{
    const uint32_t kept = value >> shift;
    const uint32_t rest = value & ((1u << shift) - 1);
    const uint32_t half = 1u << (shift - 1);
    return kept + ((rest > half || (rest == half && (kept & 1))) ? 1 : 0);
}

} // namespace

const GgmlTypeInfo* findGgmlType(uint32_t id)
{
    for (const GgmlTypeInfo& info : kTypes)
        if (static_cast<uint32_t>(info.type) == id)
            return &info;
    return nullptr;
}

const GgmlTypeInfo& ggmlTypeInfo(GgmlType type)
{
    const GgmlTypeInfo* info = findGgmlType(static_cast<uint32_t>(type));
    if (!info)
        throw Error("ggml type " + std::to_string(static_cast<uint32_t>(type)) + " is unknown");
    return *info;
}

std::string ggmlTypeName(uint32_t id)
{
    const GgmlTypeInfo* info = findGgmlType(id);
    return info ? std::string(info->name) : "unknown type " + std::to_string(id);
}

bool ggmlByteSize(GgmlType type, uint64_t elements, uint64_t& bytes)
{
    const GgmlTypeInfo& info = ggmlTypeInfo(type);
    if (elements % info.blockSize != 0)
        return false;
    return !__builtin_mul_overflow(elements / info.blockSize, uint64_t(info.bytesPerBlock), &bytes);
}

uint64_t wholeBlocks(const GgmlTypeInfo& info, uint64_t count)
{
    if (count % info.blockSize != 0)
        throw Error(std::to_string(count) + " values are not whole " + info.name + " blocks of " +
                    std::to_string(info.blockSize));
    return count / info.blockSize;
}

float halfToFloat(uint16_t h)
{
    // Move exponent and mantissa into float position and rebias the exponent; infinities
    // and NaNs get the float's all-ones exponent; subnormals (exponent 0) are renormalised
    // by one exact float subtraction of 2^-14.
    const uint32_t sign = uint32_t(h & 0x8000) << 16;
    uint32_t bits = uint32_t(h & 0x7fff) << 13;
    const uint32_t exponent = bits & 0x0f800000;
    bits += (127 - 15) << 23;
    if (exponent == 0x0f800000)
        bits += (128 - 16) << 23;
    else if (exponent == 0)
        bits = bitsOf(floatOf(bits + (1u << 23)) - floatOf(113u << 23));
    return floatOf(bits | sign);
}

uint16_t floatToHalf(float f)
{
    const uint32_t bits = bitsOf(f);
    const uint16_t sign = static_cast<uint16_t>((bits >> 16) & 0x8000);
    const uint32_t magnitude = bits & 0x7fffffff;
    if (magnitude > 0x7f800000) // NaN: quiet, with the top of the payload
        return static_cast<uint16_t>(sign | 0x7e00 | ((magnitude >> 13) & 0x3ff));
    if (magnitude >= 0x477ff000) // 65520 and above round to infinity
        return static_cast<uint16_t>(sign | 0x7c00);
    const uint32_t exponent = magnitude >> 23;
    const uint32_t significand = (magnitude & 0x7fffff) | 0x800000;
    if (exponent < 113) { // below 2^-14: a half subnormal (in units of 2^-24) or zero
        const unsigned shift = 126 - exponent;
        if (shift > 24)
            return sign; // under half of 2^-24 (zeros and float subnormals too)
        return static_cast<uint16_t>(sign | shiftRoundingToEven(significand, shift));
    }
    // Normal: rebias the exponent; a carry out of the mantissa moves into it correctly.
    const uint32_t unrounded = ((exponent - 112) << 23) | (magnitude & 0x7fffff);
    return static_cast<uint16_t>(sign | shiftRoundingToEven(unrounded, 13));
}

uint16_t floatToBf16(float f)
{
    const uint32_t bits = bitsOf(f);
    if ((bits & 0x7fffffff) > 0x7f800000)
        return static_cast<uint16_t>((bits >> 16) | 0x40); // keep NaNs quiet
    return static_cast<uint16_t>((uint64_t(bits) + 0x7fff + ((bits >> 16) & 1)) >> 16);
}

} // namespace lw::gguf
