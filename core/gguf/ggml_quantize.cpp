// Float to block formats with the reference quantizers of ggml (quantize_row_*_ref):
// one scale per block of 32 from the block's extreme values, each value rounded to the
// nearest level. Where ggml's rounding depends on whether the compiler fused x*id + 8.5
// into one FMA (Q4_0, Q5_0), we use the fused result, as gguf-py does (the product is
// exact in double precision, then the sum is rounded once to float).
#include "core/gguf/ggml_quantize_rows.h"
#include "core/gguf/ggml_types.h"

#include "core/util/error.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

namespace lw::gguf {

namespace {

using detail::fifthBits;
using detail::packNibbles;
using detail::storeHalf;
using detail::storeU32;

constexpr int kBlock = 32;

void storeU16(uint8_t* p, uint16_t v)
{
    p[0] = static_cast<uint8_t>(v);
    p[1] = static_cast<uint8_t>(v >> 8);
}


// trunc(v) clamped to [low, high]; NaN (from NaN or infinite weights) gives 0, where a
// plain conversion to int would be undefined.
int clampedLevel(float v, int low, int high)
{
    if (std::isnan(v))
        return 0;
    return static_cast<int>(std::trunc(std::clamp(v, float(low), float(high))));
}

float inverse(float d)
{
    return d != 0.0f ? 1.0f / d : 0.0f;
}

// trunc(x*id + offset) with the sum rounded once, clamped to [0, top].
int fusedLevel(float x, float id, double offset, int top)
{
    const float sum = static_cast<float>(double(x) * double(id) + offset);
    return clampedLevel(sum, 0, top);
}

// trunc((x - min)*id + 0.5f) in float arithmetic, clamped to [0, top].
int offsetLevel(float x, float min, float id, int top)
{
    const float scaled = (x - min) * id;
    return clampedLevel(scaled + 0.5f, 0, top);
}

// Symmetric formats (Q4_0, Q5_0): d = the value of largest magnitude (sign kept, the
// first of equals) over -2^(bits-1); level = trunc(x/d + 2^(bits-1) + 0.5), clamped.
float symmetricLevels(const float* x, int top, int* q)
{
    float amax = 0.0f, max = 0.0f;
    for (int j = 0; j < kBlock; ++j)
        if (amax < std::fabs(x[j])) {
            amax = std::fabs(x[j]);
            max = x[j];
        }
    const double middle = (top + 1) / 2;
    const float d = max / float(-middle);
    const float id = inverse(d);
    for (int j = 0; j < kBlock; ++j)
        q[j] = fusedLevel(x[j], id, middle + 0.5, top);
    return d;
}

// Formats with a minimum (Q4_1, Q5_1): d = (max - min) / top; level = trunc((x - min)/d
// + 0.5), clamped.
float offsetLevels(const float* x, int top, int* q, float& min)
{
    float max = -FLT_MAX;
    min = FLT_MAX;
    for (int j = 0; j < kBlock; ++j) {
        min = std::min(min, x[j]);
        max = std::max(max, x[j]);
    }
    const float d = (max - min) / float(top);
    const float id = inverse(d);
    for (int j = 0; j < kBlock; ++j)
        q[j] = offsetLevel(x[j], min, id, top);
    return d;
}

void quantizeQ8_0(const float* x, uint8_t* b)
{
    float amax = 0.0f;
    for (int j = 0; j < kBlock; ++j)
        amax = std::max(amax, std::fabs(x[j]));
    const float d = amax / 127.0f;
    const float id = inverse(d);
    storeHalf(b, d);
    for (int j = 0; j < kBlock; ++j)
        b[2 + j] = static_cast<uint8_t>(static_cast<int8_t>(clampedLevel(std::round(x[j] * id), -128, 127)));
}

// Layouts: Q4_0 d, nibbles; Q5_0 d, fifth bits, nibbles; Q4_1 d, min, nibbles; Q5_1 d,
// min, fifth bits, nibbles.
void quantizeQ4_0(const float* x, uint8_t* b)
{
    int q[kBlock];
    storeHalf(b, symmetricLevels(x, 15, q));
    packNibbles(q, b + 2);
}

void quantizeQ5_0(const float* x, uint8_t* b)
{
    int q[kBlock];
    storeHalf(b, symmetricLevels(x, 31, q));
    storeU32(b + 2, fifthBits(q));
    packNibbles(q, b + 6);
}

void quantizeQ4_1(const float* x, uint8_t* b)
{
    int q[kBlock];
    float min;
    storeHalf(b, offsetLevels(x, 15, q, min));
    storeHalf(b + 2, min);
    packNibbles(q, b + 4);
}

void quantizeQ5_1(const float* x, uint8_t* b)
{
    int q[kBlock];
    float min;
    storeHalf(b, offsetLevels(x, 31, q, min));
    storeHalf(b + 2, min);
    storeU32(b + 4, fifthBits(q));
    packNibbles(q, b + 8);
}

template <void (*Block)(const float*, uint8_t*)>
void eachBlock(const float* in, uint8_t* out, uint64_t blocks, size_t blockBytes)
{
    for (uint64_t i = 0; i < blocks; ++i)
        Block(in + i * kBlock, out + i * blockBytes);
}

} // namespace

void quantize(GgmlType type, const float* in, void* blocks, uint64_t count)
{
    const GgmlTypeInfo& info = ggmlTypeInfo(type);
    if (!info.quantizable)
        throw Error(std::string("cannot store float values as ") + info.name + " yet");
    auto* out = static_cast<uint8_t*>(blocks);
    const uint64_t n = wholeBlocks(info, count);
    if (n == 0)
        return; // an empty tensor may come with null pointers
    switch (type) {
    case GgmlType::F32:
        std::memcpy(out, in, count * sizeof(float));
        return;
    case GgmlType::F16:
        for (uint64_t i = 0; i < count; ++i)
            storeU16(out + 2 * i, floatToHalf(in[i]));
        return;
    case GgmlType::BF16:
        for (uint64_t i = 0; i < count; ++i)
            storeU16(out + 2 * i, floatToBf16(in[i]));
        return;
    case GgmlType::Q8_0: return eachBlock<quantizeQ8_0>(in, out, n, info.bytesPerBlock);
    case GgmlType::Q4_0: return eachBlock<quantizeQ4_0>(in, out, n, info.bytesPerBlock);
    case GgmlType::Q4_1: return eachBlock<quantizeQ4_1>(in, out, n, info.bytesPerBlock);
    case GgmlType::Q5_0: return eachBlock<quantizeQ5_0>(in, out, n, info.bytesPerBlock);
    case GgmlType::Q5_1: return eachBlock<quantizeQ5_1>(in, out, n, info.bytesPerBlock);
    case GgmlType::Q4_K: return detail::quantizeQ4_KReference(in, out, int64_t(count));
    case GgmlType::Q5_K: return detail::quantizeQ5_KReference(in, out, int64_t(count));
    case GgmlType::Q6_K: return detail::quantizeQ6_KReference(in, out, int64_t(count));
    default:
        throw Error(std::string("cannot store float values as ") + info.name + " yet");
    }
}

} // namespace lw::gguf
