// Quantized kernels in plain C++ for CPUs without AVX2 (and the tests' check of the
// SIMD versions): each weight block is decoded to integer levels and integer scales,
// multiplied with the quantized inputs in integers, then scaled in float, in the same
// order of operations as the SIMD kernels.
#include "core/generate/cpu_kernels_quant_isa.h"
#include "core/generate/cpu_kernels_quant_tiles.h"

#include "core/gguf/ggml_block_fields.h"
#include "core/quant/nf4_values.h"

#include <cstring>

namespace lw::generate::kernels::generic {

namespace {

using gguf::loadHalf;
using gguf::loadU32;

// One 32-element block of a legacy format: weight = scale * level + min.
struct LegacyBlock {
    int8_t level[32];
    float scale = 1, min = 0;
};

int dot32(const int8_t* a, const int8_t* b)
{
    int s = 0;
    for (int t = 0; t < 32; ++t)
        s += int(a[t]) * int(b[t]);
    return s;
}

void nibbles(const uint8_t* qs, uint32_t fifthBits, int offset, int8_t* level)
{
    for (int t = 0; t < 16; ++t) {
        level[t] = int8_t(int((qs[t] & 15) | (((fifthBits >> t) & 1) << 4)) - offset);
        level[t + 16] = int8_t(int((qs[t] >> 4) | (((fifthBits >> (t + 16)) & 1) << 4)) - offset);
    }
}

LegacyBlock decodeLegacy(WeightType type, const uint8_t* b)
{
    LegacyBlock out;
    switch (type) {
    case WeightType::Q8_0:
        out.scale = loadHalf(b);
        std::memcpy(out.level, b + 2, 32);
        break;
    case WeightType::Q4_0:
        out.scale = loadHalf(b);
        nibbles(b + 2, 0, 8, out.level);
        break;
    case WeightType::Q4_1:
        out.scale = loadHalf(b);
        out.min = loadHalf(b + 2);
        nibbles(b + 4, 0, 0, out.level);
        break;
    case WeightType::Q5_0:
        out.scale = loadHalf(b);
        nibbles(b + 6, loadU32(b + 2), 16, out.level);
        break;
    case WeightType::Q5_1:
        out.scale = loadHalf(b);
        out.min = loadHalf(b + 2);
        nibbles(b + 8, loadU32(b + 4), 0, out.level);
        break;
    default: // I8Rows: levels as stored, the row's scale applied by the caller
        std::memcpy(out.level, b, 32);
        break;
    }
    return out;
}

// A legacy block's share of one input row's product: the integer dot product with the
// input's levels times both scales, plus the block's min times the input block's sum.
float legacyTerm(const LegacyBlock& block, const QuantInput& in, int64_t inputRow, int64_t b)
{
    const int64_t at = inputRow * (in.k / 32) + b;
    const int isum = dot32(block.level, in.q + inputRow * in.k + b * 32);
    return block.scale * in.d[at] * float(isum) + block.min * in.s[at];
}

// One 256-element super-block of a K-quant: weight = d * scale[sub] * level - dmin *
// min[sub], with sub-blocks of 32 (Q4_K, Q5_K) or 16 (Q6_K, whose mins are zero).
struct SuperBlock {
    int8_t level[256];
    int scale[16];
    int min[8];
    int subBlockLen = 32;
    float d = 0, dmin = 0;
};

SuperBlock decodeSuper(WeightType type, const uint8_t* b)
{
    SuperBlock out;
    if (type == WeightType::Q6_K) {
        const uint8_t* ql = b;
        const uint8_t* qh = b + 128;
        out.subBlockLen = 16;
        for (int t = 0; t < 16; ++t)
            out.scale[t] = int8_t(b[192 + t]);
        out.d = loadHalf(b + 208);
        for (int half = 0; half < 2; ++half)
            for (int l = 0; l < 32; ++l) {
                const uint8_t* lo = ql + 64 * half;
                const uint8_t h = qh[32 * half + l];
                int8_t* level = out.level + 128 * half;
                level[l] = int8_t(int((lo[l] & 15) | ((h & 3) << 4)) - 32);
                level[l + 32] = int8_t(int((lo[l + 32] & 15) | (((h >> 2) & 3) << 4)) - 32);
                level[l + 64] = int8_t(int((lo[l] >> 4) | (((h >> 4) & 3) << 4)) - 32);
                level[l + 96] = int8_t(int((lo[l + 32] >> 4) | (((h >> 6) & 3) << 4)) - 32);
            }
        return out;
    }
    out.d = loadHalf(b);
    out.dmin = loadHalf(b + 2);
    for (int j = 0; j < 8; ++j) {
        const gguf::KQuantScaleMin packed = gguf::unpackKQuantScaleMin(j, b + 4);
        out.scale[j] = packed.scale;
        out.min[j] = packed.min;
    }
    const bool fifth = type == WeightType::Q5_K;
    const uint8_t* qh = b + 16;
    const uint8_t* qs = b + (fifth ? 48 : 16);
    for (int group = 0; group < 4; ++group)
        for (int l = 0; l < 32; ++l) {
            const uint8_t q = qs[32 * group + l];
            const int high1 = fifth ? ((qh[l] >> (2 * group)) & 1) << 4 : 0;
            const int high2 = fifth ? ((qh[l] >> (2 * group + 1)) & 1) << 4 : 0;
            out.level[64 * group + l] = int8_t((q & 15) | high1);
            out.level[64 * group + 32 + l] = int8_t((q >> 4) | high2);
        }
    return out;
}

// A super-block's share of one input row's product: each sub-block's integer dot
// product times its scale, less the mins times the input's sums of 16, in d and dmin.
float superTerm(const SuperBlock& block, const QuantInput& in, int64_t inputRow, int64_t b)
{
    const int8_t* q = in.q + inputRow * in.k + b * 256;
    const int16_t* sums16 = in.sums16 + inputRow * (in.k / 16) + b * 16;
    const int subBlocks = 256 / block.subBlockLen;
    int isum = 0, minSum = 0;
    for (int sub = 0; sub < subBlocks; ++sub) {
        int dot = 0;
        for (int t = sub * block.subBlockLen; t < (sub + 1) * block.subBlockLen; ++t)
            dot += int(block.level[t]) * int(q[t]);
        isum += block.scale[sub] * dot;
    }
    if (block.subBlockLen == 32)
        for (int sub = 0; sub < 8; ++sub)
            minSum += block.min[sub] * (sums16[2 * sub] + sums16[2 * sub + 1]);
    const float dx = in.d[inputRow * (in.k / 256) + b];
    return block.d * dx * float(isum) - block.dmin * dx * float(minSum);
}

// Weight row r's blocks in order, each decoded once and met by input rows i .. i + J - 1:
// decode(type, bytes) gives a block of `BlockElements` weights, term(block, input, input
// row, block index) its share of that input row's product.
template <int BlockElements, class Block, Block (*decode)(WeightType, const uint8_t*),
          float (*term)(const Block&, const QuantInput&, int64_t, int64_t)>
struct BlockKernel {
    const WeightMatrix& w;
    const QuantInput& in;
    int64_t blockBytes;
    const int64_t rowBytes = w.rowBytes(); // once: rowBytes() looks the format up

    template <int J>
    void run(int64_t r, int64_t i, float* sums) const
    {
        const int64_t blocks = in.k / BlockElements;
        const uint8_t* row = static_cast<const uint8_t*>(w.data) + r * rowBytes;
        for (int j = 0; j < J; ++j)
            sums[j] = 0;
        for (int64_t b = 0; b < blocks; ++b) {
            const Block block = decode(w.type, row + b * blockBytes);
            for (int j = 0; j < J; ++j)
                sums[j] += term(block, in, i + j, b);
        }
        if (w.type == WeightType::I8Rows) // levels as stored: the row's scale comes last
            for (int j = 0; j < J; ++j)
                sums[j] *= w.scales[r];
    }
};

using LegacyKernel = BlockKernel<32, LegacyBlock, decodeLegacy, legacyTerm>;
using SuperKernel = BlockKernel<256, SuperBlock, decodeSuper, superTerm>;

struct Nf4Kernel {
    const WeightMatrix& w;
    const QuantInput& in;
    const int64_t rowBytes = w.rowBytes(); // once: rowBytes() looks the format up

    template <int J>
    void run(int64_t r, int64_t i, float* sums) const
    {
        const auto& values = quant::kNf4Values;
        const uint8_t* row = static_cast<const uint8_t*>(w.data) + r * rowBytes;
        const float* absmax = w.scales + r * (in.k / 64);
        for (int j = 0; j < J; ++j)
            sums[j] = 0;
        for (int64_t b = 0; b < in.k / 64; ++b)
            for (int j = 0; j < J; ++j) {
                // Inputs in groups of 16: 8 even elements, then 8 odd ones.
                const float* x = in.x + (i + j) * in.k + b * 64;
                float block = 0;
                for (int p = 0; p < 32; ++p) {
                    const uint8_t pair = row[b * 32 + p];
                    const int group = p / 8, t = p % 8;
                    block += values[pair >> 4] * x[16 * group + t] + values[pair & 15] * x[16 * group + 8 + t];
                }
                sums[j] += block * absmax[b];
            }
    }
};

} // namespace

void quantRows(const WeightMatrix& w, const QuantInput& in, const QuantOutput& out, int64_t r0, int64_t r1)
{
    const int64_t blockBytes = w.rowBytes() / (w.cols / weightBlockSize(w.type));
    switch (w.type) {
    case WeightType::Q4_K:
    case WeightType::Q5_K:
    case WeightType::Q6_K: return quantRowTiles(SuperKernel{w, in, blockBytes}, in.m, out, r0, r1);
    case WeightType::NF4: return quantRowTiles(Nf4Kernel{w, in}, in.m, out, r0, r1);
    case WeightType::I8Rows: return quantRowTiles(LegacyKernel{w, in, 32}, in.m, out, r0, r1);
    default: return quantRowTiles(LegacyKernel{w, in, blockBytes}, in.m, out, r0, r1);
    }
}

} // namespace lw::generate::kernels::generic
