// Block formats to float, as ggml's dequantize_row_* compute them. The arithmetic is
// written in the same order (and built with -ffp-contract=off) so the results are the
// same floats bit for bit; inner loops have fixed trip counts so the compiler
// vectorises them.
#include "core/gguf/ggml_block_fields.h"
#include "core/gguf/ggml_types.h"

#include "core/util/error.h"

#include <cstring>

namespace lw::gguf {

namespace {

constexpr int kSuperBlock = 256; // QK_K

// block_q4_0: f16 d, 16 bytes of nibbles (low nibbles are elements 0..15, high 16..31).
void dequantizeQ4_0(const uint8_t* b, float* y)
{
    const float d = loadHalf(b);
    const uint8_t* qs = b + 2;
    for (int j = 0; j < 16; ++j) {
        y[j] = float((qs[j] & 0x0f) - 8) * d;
        y[j + 16] = float((qs[j] >> 4) - 8) * d;
    }
}

// block_q4_1: f16 d, f16 m, 16 bytes of nibbles.
void dequantizeQ4_1(const uint8_t* b, float* y)
{
    const float d = loadHalf(b);
    const float m = loadHalf(b + 2);
    const uint8_t* qs = b + 4;
    for (int j = 0; j < 16; ++j) {
        y[j] = float(qs[j] & 0x0f) * d + m;
        y[j + 16] = float(qs[j] >> 4) * d + m;
    }
}

// block_q5_0: f16 d, u32 of fifth bits (bit j for element j), 16 bytes of nibbles.
void dequantizeQ5_0(const uint8_t* b, float* y)
{
    const float d = loadHalf(b);
    const uint32_t qh = loadU32(b + 2);
    const uint8_t* qs = b + 6;
    for (int j = 0; j < 16; ++j) {
        const int low = int((qs[j] & 0x0f) | (((qh >> j) & 1) << 4)) - 16;
        const int high = int((qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4)) - 16;
        y[j] = float(low) * d;
        y[j + 16] = float(high) * d;
    }
}

// block_q5_1: f16 d, f16 m, u32 of fifth bits, 16 bytes of nibbles.
void dequantizeQ5_1(const uint8_t* b, float* y)
{
    const float d = loadHalf(b);
    const float m = loadHalf(b + 2);
    const uint32_t qh = loadU32(b + 4);
    const uint8_t* qs = b + 8;
    for (int j = 0; j < 16; ++j) {
        const int low = int((qs[j] & 0x0f) | (((qh >> j) & 1) << 4));
        const int high = int((qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4));
        y[j] = float(low) * d + m;
        y[j + 16] = float(high) * d + m;
    }
}

// block_q8_0: f16 d, 32 signed bytes.
void dequantizeQ8_0(const uint8_t* b, float* y)
{
    const float d = loadHalf(b);
    const int8_t* qs = reinterpret_cast<const int8_t*>(b + 2);
    for (int j = 0; j < 32; ++j)
        y[j] = float(qs[j]) * d;
}

// The scales (d times the 6-bit scale) and mins (dmin times the 6-bit min) of the two
// sub-blocks of 32 in group `group` (64 elements) of a Q4_K or Q5_K super-block.
struct GroupScales {
    float d1, m1, d2, m2;
};

GroupScales groupScales(int group, const uint8_t* packed, float d, float dmin)
{
    const KQuantScaleMin first = unpackKQuantScaleMin(2 * group, packed);
    const KQuantScaleMin second = unpackKQuantScaleMin(2 * group + 1, packed);
    return {d * float(first.scale), dmin * float(first.min), d * float(second.scale), dmin * float(second.min)};
}

// block_q4_K: f16 d, f16 dmin, 12 bytes of scales and mins, 128 bytes of nibbles. Each 64
// elements use 32 bytes: low nibbles first (one sub-block), then high nibbles (the next).
void dequantizeQ4_K(const uint8_t* b, float* y)
{
    const float d = loadHalf(b);
    const float dmin = loadHalf(b + 2);
    const uint8_t* scales = b + 4;
    const uint8_t* q = b + 16;
    for (int group = 0; group < 4; ++group, q += 32, y += 64) {
        const GroupScales g = groupScales(group, scales, d, dmin);
        for (int l = 0; l < 32; ++l) {
            y[l] = g.d1 * float(q[l] & 0x0f) - g.m1;
            y[l + 32] = g.d2 * float(q[l] >> 4) - g.m2;
        }
    }
}

// block_q5_K: as Q4_K plus 32 bytes of fifth bits: bit 2*group of qh[l] belongs to
// element l of the group's first sub-block, bit 2*group+1 to its second.
void dequantizeQ5_K(const uint8_t* b, float* y)
{
    const float d = loadHalf(b);
    const float dmin = loadHalf(b + 2);
    const uint8_t* scales = b + 4;
    const uint8_t* qh = b + 16;
    const uint8_t* q = b + 48;
    for (int group = 0; group < 4; ++group, q += 32, y += 64) {
        const GroupScales g = groupScales(group, scales, d, dmin);
        const int lowBit = 2 * group, highBit = 2 * group + 1;
        for (int l = 0; l < 32; ++l) {
            const int q1 = (q[l] & 0x0f) | (((qh[l] >> lowBit) & 1) << 4);
            const int q2 = (q[l] >> 4) | (((qh[l] >> highBit) & 1) << 4);
            y[l] = g.d1 * float(q1) - g.m1;
            y[l + 32] = g.d2 * float(q2) - g.m2;
        }
    }
}

// block_q6_K: 128 bytes of low nibbles, 64 bytes of 2-bit highs, 16 signed 8-bit scales
// (one per 16 elements), f16 d. Each half (128 elements) uses 64 low bytes, 32 high
// bytes and 8 scales; element l + 32*k of a half takes nibble k/2 of ql[l + 32*(k%2)]
// and bits 2k..2k+1 of qh[l].
void dequantizeQ6_K(const uint8_t* b, float* y)
{
    const uint8_t* ql = b;
    const uint8_t* qh = b + 128;
    const int8_t* sc = reinterpret_cast<const int8_t*>(b + 192);
    const float d = loadHalf(b + 208);
    for (int half = 0; half < 2; ++half, ql += 64, qh += 32, sc += 8, y += 128) {
        for (int l = 0; l < 32; ++l) {
            const int s = l / 16;
            const int q1 = int((ql[l] & 0x0f) | (((qh[l] >> 0) & 3) << 4)) - 32;
            const int q2 = int((ql[l + 32] & 0x0f) | (((qh[l] >> 2) & 3) << 4)) - 32;
            const int q3 = int((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
            const int q4 = int((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
            y[l] = d * float(sc[s]) * float(q1);
            y[l + 32] = d * float(sc[s + 2]) * float(q2);
            y[l + 64] = d * float(sc[s + 4]) * float(q3);
            y[l + 96] = d * float(sc[s + 6]) * float(q4);
        }
    }
}

template <void (*Block)(const uint8_t*, float*)>
void eachBlock(const uint8_t* in, float* out, uint64_t blocks, size_t blockBytes, int blockSize)
{
    for (uint64_t i = 0; i < blocks; ++i)
        Block(in + i * blockBytes, out + i * blockSize);
}

} // namespace

void dequantize(GgmlType type, const void* blocks, float* out, uint64_t count)
{
    const GgmlTypeInfo& info = ggmlTypeInfo(type);
    if (!info.dequantizable)
        throw Error(std::string("cannot convert ") + info.name + " tensors to float yet");
    const auto* in = static_cast<const uint8_t*>(blocks);
    const uint64_t n = wholeBlocks(info, count);
    if (n == 0)
        return; // an empty tensor may come with null pointers
    switch (type) {
    case GgmlType::F32:
        std::memcpy(out, in, count * sizeof(float));
        return;
    case GgmlType::F16:
        for (uint64_t i = 0; i < count; ++i)
            out[i] = halfToFloat(loadU16(in + 2 * i));
        return;
    case GgmlType::BF16:
        for (uint64_t i = 0; i < count; ++i)
            out[i] = bf16ToFloat(loadU16(in + 2 * i));
        return;
    case GgmlType::Q4_0: return eachBlock<dequantizeQ4_0>(in, out, n, info.bytesPerBlock, 32);
    case GgmlType::Q4_1: return eachBlock<dequantizeQ4_1>(in, out, n, info.bytesPerBlock, 32);
    case GgmlType::Q5_0: return eachBlock<dequantizeQ5_0>(in, out, n, info.bytesPerBlock, 32);
    case GgmlType::Q5_1: return eachBlock<dequantizeQ5_1>(in, out, n, info.bytesPerBlock, 32);
    case GgmlType::Q8_0: return eachBlock<dequantizeQ8_0>(in, out, n, info.bytesPerBlock, 32);
    case GgmlType::Q4_K: return eachBlock<dequantizeQ4_K>(in, out, n, info.bytesPerBlock, kSuperBlock);
    case GgmlType::Q5_K: return eachBlock<dequantizeQ5_K>(in, out, n, info.bytesPerBlock, kSuperBlock);
    case GgmlType::Q6_K: return eachBlock<dequantizeQ6_K>(in, out, n, info.bytesPerBlock, kSuperBlock);
    default:
        throw Error(std::string("cannot convert ") + info.name + " tensors to float yet");
    }
}

} // namespace lw::gguf
