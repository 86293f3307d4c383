#pragma once
// The fields of ggml's blocks as stored: little-endian u16, u32 and f16 at any byte
// offset, and the packed 6-bit scales and mins of a Q4_K or Q5_K super-block. Inline,
// because the dequantizer, the quantizer and the CPU decode kernels read them once per
// block or sub-block.
#include "core/gguf/ggml_types.h"

#include <cstdint>

namespace lw::gguf {

inline uint16_t loadU16(const uint8_t* p)
{
    return static_cast<uint16_t>(p[0] | (p[1] << 8));
}

inline uint32_t loadU32(const uint8_t* p)
{
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

inline float loadHalf(const uint8_t* p)
{
    return halfToFloat(loadU16(p));
}

// The 6-bit scale and min of one 32-element sub-block.
struct KQuantScaleMin {
    int scale = 0;
    int min = 0;
};

// Sub-block j (0..7) of the 12 packed bytes after a Q4_K/Q5_K super-block's d and dmin:
// sub-blocks 0..3 in the low six bits of bytes 0..3 (scales) and 4..7 (mins);
// sub-blocks 4..7 take their low four bits from the nibbles of bytes 8..11 (scale low,
// min high) and their top two bits from the spare top bits of bytes 0..3 (scales) and
// 4..7 (mins).
inline KQuantScaleMin unpackKQuantScaleMin(int j, const uint8_t* packed)
{
    if (j < 4)
        return {packed[j] & 63, packed[j + 4] & 63};
    return {(packed[j + 4] & 15) | ((packed[j - 4] >> 6) << 4), (packed[j + 4] >> 4) | ((packed[j] >> 6) << 4)};
}

} // namespace lw::gguf
