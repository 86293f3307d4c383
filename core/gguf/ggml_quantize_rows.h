#pragma once
// Row quantizers of lw_gguf, shared between quantize() and quantizeWeighted(). Each
// writes `count / blockSize` whole blocks; `importance` (one weight per column of the row)
// selects ggml's importance-weighted search, null its reference quantizer.
//
// Internal to lw_gguf.
#include "core/gguf/ggml_block_fields.h"
#include "core/gguf/ggml_types.h"

#include <cstdint>

namespace lw::gguf::detail {

inline void storeHalf(uint8_t* p, float v)
{
    const uint16_t h = floatToHalf(v);
    p[0] = static_cast<uint8_t>(h);
    p[1] = static_cast<uint8_t>(h >> 8);
}

inline void storeU32(uint8_t* p, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<uint8_t>(v >> (8 * i));
}

// The 32-element formats' nibbles: level j in the low half of byte j, level j + 16 in the
// high half.
template <typename Level>
void packNibbles(const Level* q, uint8_t* qs)
{
    for (int j = 0; j < 16; ++j)
        qs[j] = static_cast<uint8_t>((q[j] & 0x0f) | ((q[j + 16] & 0x0f) << 4));
}

// The fifth bits of 32 levels (Q5_0, Q5_1): bit j of a little-endian u32 for level j.
template <typename Level>
uint32_t fifthBits(const Level* q)
{
    uint32_t qh = 0;
    for (int j = 0; j < 32; ++j)
        qh |= uint32_t((q[j] >> 4) & 1) << j;
    return qh;
}

// quantize_row_q4_K_ref / q5_K_ref / q6_K_ref: `count` values, a multiple of 256.
void quantizeQ4_KReference(const float* x, uint8_t* blocks, int64_t count);
void quantizeQ5_KReference(const float* x, uint8_t* blocks, int64_t count);
void quantizeQ6_KReference(const float* x, uint8_t* blocks, int64_t count);

// quantize_row_q4_K_impl / q5_K_impl / q6_K_impl with importance: one row of `rowLength`
// values (a multiple of 256); importance has rowLength entries.
void quantizeQ4_KWeighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance);
void quantizeQ5_KWeighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance);
void quantizeQ6_KWeighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance);

// quantize_row_q4_0_impl and its siblings with importance: one row of `rowLength` values
// (a multiple of 32), the scale search weighted by importance and the row's spread.
void quantizeQ4_0Weighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance);
void quantizeQ4_1Weighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance);
void quantizeQ5_0Weighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance);
void quantizeQ5_1Weighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance);

} // namespace lw::gguf::detail
