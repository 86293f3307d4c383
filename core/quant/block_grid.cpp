#include "core/quant/block_grid.h"

#include "core/gguf/ggml_block_fields.h"
#include "core/gguf/ggml_kquant_levels.h"
#include "core/quant/quant_mix.h"
#include "core/util/error.h"

#include <cstring>

namespace lw::quant {

namespace {

using gguf::GgmlType;
constexpr int64_t kBlock = 32;
constexpr int64_t kSuperBlock = 256;

// Rounds float32 values to the nearest half-precision value, as a block stores its scale.
torch::Tensor toHalfPrecision(const torch::Tensor& t)
{
    return t.to(torch::kHalf).to(torch::kFloat);
}

void storeHalf(uint8_t* p, float v)
{
    const uint16_t h = gguf::floatToHalf(v);
    p[0] = static_cast<uint8_t>(h);
    p[1] = static_cast<uint8_t>(h >> 8);
}

// Element j's low four bits in the low half of byte j, element j + 16's in the high half.
void packNibbles(const int* q, uint8_t* qs)
{
    for (int j = 0; j < kBlock / 2; ++j)
        qs[j] = static_cast<uint8_t>((q[j] & 0x0f) | ((q[j + kBlock / 2] & 0x0f) << 4));
}

// The fifth bit of every element, bit j for element j, little-endian.
void packFifthBits(const int* q, uint8_t* qh)
{
    uint32_t bits = 0;
    for (int j = 0; j < kBlock; ++j)
        bits |= uint32_t((q[j] >> 4) & 1) << j;
    for (int i = 0; i < 4; ++i)
        qh[i] = static_cast<uint8_t>(bits >> (8 * i));
}

void packBlock(GgmlType type, const int64_t* levels, float scale, float offset, uint8_t* out)
{
    int q[kBlock];
    storeHalf(out, scale);
    switch (type) {
    case GgmlType::Q8_0:
        for (int j = 0; j < kBlock; ++j)
            out[2 + j] = static_cast<uint8_t>(static_cast<int8_t>(levels[j]));
        return;
    case GgmlType::Q4_0:
        for (int j = 0; j < kBlock; ++j)
            q[j] = int(levels[j] + 8);
        packNibbles(q, out + 2);
        return;
    case GgmlType::Q5_0:
        for (int j = 0; j < kBlock; ++j)
            q[j] = int(levels[j] + 16);
        packFifthBits(q, out + 2);
        packNibbles(q, out + 6);
        return;
    case GgmlType::Q4_1:
        for (int j = 0; j < kBlock; ++j)
            q[j] = int(levels[j]);
        storeHalf(out + 2, offset);
        packNibbles(q, out + 4);
        return;
    case GgmlType::Q5_1:
        for (int j = 0; j < kBlock; ++j)
            q[j] = int(levels[j]);
        storeHalf(out + 2, offset);
        packFifthBits(q, out + 4);
        packNibbles(q, out + 8);
        return;
    default:
        checkCalibratedFormat(type);
    }
}

bool isKQuant(GgmlType type)
{
    return type == GgmlType::Q4_K || type == GgmlType::Q5_K || type == GgmlType::Q6_K;
}

// The weight as contiguous float32 rows of whole `type` blocks.
torch::Tensor contiguousFloat(const torch::Tensor& weight, GgmlType type)
{
    if (weight.dim() != 2)
        throw Error::inField("weight", "expected a matrix, got " + std::to_string(weight.dim()) + " dimensions");
    const int64_t block = gguf::ggmlTypeInfo(type).blockSize;
    if (weight.size(1) % block != 0)
        throw Error::inField("weight", std::to_string(weight.size(1)) + " columns are not whole " +
                                           gguf::ggmlTypeInfo(type).name + " blocks of " + std::to_string(block));
    return weight.detach().to(torch::kCPU, torch::kFloat).contiguous();
}

// The level range of a format with blocks of 32: its levels q read back as q * d (+ m).
void setLegacyLevels(BlockGrid& grid)
{
    switch (grid.type) {
    case GgmlType::Q8_0: grid.qmin = -128, grid.qmax = 127; return;
    case GgmlType::Q4_0: grid.qmin = -8, grid.qmax = 7; return;
    case GgmlType::Q5_0: grid.qmin = -16, grid.qmax = 15; return;
    case GgmlType::Q4_1: grid.qmin = 0, grid.qmax = 15; return;
    default: grid.qmin = 0, grid.qmax = 31; return; // Q5_1
    }
}

// A format with blocks of 32 read from its blocks' stored fields: the f16 scale d at the
// start of every block and, for Q4_1 and Q5_1, the f16 minimum m after it.
BlockGrid legacyGridOfBlocks(const torch::Tensor& blocks, GgmlType type, int64_t rows, int64_t cols)
{
    BlockGrid grid;
    grid.type = type;
    setLegacyLevels(grid);
    grid.scale = torch::empty({rows, cols / kBlock});
    grid.offset = torch::zeros({rows, cols / kBlock});
    const bool withMinimum = type == GgmlType::Q4_1 || type == GgmlType::Q5_1;
    const uint32_t bytes = gguf::ggmlTypeInfo(type).bytesPerBlock;
    const uint8_t* b = blocks.data_ptr<uint8_t>();
    float* scale = grid.scale.data_ptr<float>();
    float* offset = grid.offset.data_ptr<float>();
    for (int64_t k = 0; k < grid.scale.numel(); ++k, b += bytes) {
        scale[k] = gguf::loadHalf(b);
        if (withMinimum)
            offset[k] = gguf::loadHalf(b + 2);
    }
    return grid;
}

// A K-quant's grid: the round-to-nearest super-blocks, and each sub-block's scale and
// offset computed from their stored fields as gguf::dequantize computes them (d * sc,
// dmin * m), so that q * scale + offset is the value the blocks read back.
BlockGrid kQuantGridOf(const torch::Tensor& w, GgmlType type, const std::vector<float>& importance)
{
    const bool q6 = type == GgmlType::Q6_K;
    BlockGrid grid;
    grid.type = type;
    grid.blockSize = valuesPerScale(type);
    grid.qmin = q6 ? -32 : 0;
    grid.qmax = q6 ? 31 : type == GgmlType::Q4_K ? 15 : 31;
    grid.superBlocks = roundToNearestBlocks(w, type, importance);
    const int64_t superBlocks = w.numel() / kSuperBlock, perSuper = kSuperBlock / grid.blockSize;
    grid.scale = torch::empty({w.size(0), w.size(1) / grid.blockSize});
    grid.offset = torch::zeros({w.size(0), w.size(1) / grid.blockSize});
    const uint32_t bytes = gguf::ggmlTypeInfo(type).bytesPerBlock;
    const uint8_t* b = grid.superBlocks.data_ptr<uint8_t>();
    float* scale = grid.scale.data_ptr<float>();
    float* offset = grid.offset.data_ptr<float>();
    for (int64_t k = 0; k < superBlocks; ++k, b += bytes, scale += perSuper, offset += perSuper) {
        if (q6) {
            // Q6_K: ql[128], qh[64], int8 scales[16], then d.
            const float d = gguf::loadHalf(b + 208);
            for (int64_t j = 0; j < perSuper; ++j)
                scale[j] = d * float(static_cast<int8_t>(b[192 + j]));
            continue;
        }
        const float d = gguf::loadHalf(b), dmin = gguf::loadHalf(b + 2);
        for (int64_t j = 0; j < perSuper; ++j) {
            const gguf::KQuantScaleMin stored = gguf::unpackKQuantScaleMin(int(j), b + 4);
            scale[j] = d * float(stored.scale);
            offset[j] = -(dmin * float(stored.min));
        }
    }
    return grid;
}

// The K-quant super-blocks of `grid` with their level bits replaced by `levels`.
torch::Tensor packKQuantBlocks(const torch::Tensor& levels, const BlockGrid& grid)
{
    torch::Tensor out = grid.superBlocks.to(torch::kCPU).contiguous().clone();
    const uint32_t bytes = gguf::ggmlTypeInfo(grid.type).bytesPerBlock;
    if (out.numel() != levels.numel() / kSuperBlock * int64_t(bytes))
        throw Error::inField("levels", "do not match the grid's " + std::to_string(out.numel() / bytes) +
                                           " super-blocks");
    const int64_t* q = levels.data_ptr<int64_t>();
    uint8_t* o = out.data_ptr<uint8_t>();
    int superLevels[kSuperBlock];
    for (int64_t k = 0; k < out.numel() / int64_t(bytes); ++k) {
        for (int64_t i = 0; i < kSuperBlock; ++i)
            superLevels[i] = int(q[k * kSuperBlock + i]);
        gguf::packKQuantLevels(grid.type, superLevels, o + k * bytes);
    }
    return out;
}

} // namespace

int64_t valuesPerScale(GgmlType type)
{
    return type == GgmlType::Q6_K ? 16 : kBlock;
}

bool calibratedFormatSupported(GgmlType type)
{
    return type == GgmlType::Q8_0 || type == GgmlType::Q4_0 || type == GgmlType::Q4_1 || type == GgmlType::Q5_0 ||
           type == GgmlType::Q5_1 || isKQuant(type);
}

void checkCalibratedFormat(GgmlType type)
{
    if (!calibratedFormatSupported(type))
        throw Error::inField("format", std::string("'") + gguf::ggmlTypeInfo(type).name +
                                           "' is not a target of GPTQ or AWQ (q8_0, q4_0, q4_1, q5_0, q5_1, "
                                                                          "q4_K, q5_K, q6_K)");
}

GgmlType calibratedFormatFor(GgmlType format, int64_t cols, const std::string& matrix)
{
    checkCalibratedFormat(format);
    const GgmlType fitting = typeFittingRows(format, cols);
    if (calibratedFormatSupported(fitting))
        return fitting;
    const gguf::GgmlTypeInfo& info = gguf::ggmlTypeInfo(format);
    throw Error::inField(matrix, std::to_string(cols) + " columns are not whole " + info.name + " blocks of " +
                                     std::to_string(info.blockSize) + (isKQuant(format) ? " nor blocks of 32" : ""));
}

BlockGrid blockGridOf(const torch::Tensor& weight, GgmlType type, const std::vector<float>& importance)
{
    checkCalibratedFormat(type);
    const torch::Tensor w = contiguousFloat(weight, type);
    if (isKQuant(type))
        return kQuantGridOf(w, type, importance);
    if (!importance.empty())
        return legacyGridOfBlocks(roundToNearestBlocks(w, type, importance), type, w.size(0), w.size(1));
    // Without importance the reference quantizers' scales are closed forms, computed here
    // on whole tensors (equal to the fields of roundToNearestBlocks).
    const torch::Tensor blocks = w.view({w.size(0), w.size(1) / kBlock, kBlock});
    BlockGrid grid;
    grid.type = type;
    setLegacyLevels(grid);
    if (type == GgmlType::Q4_1 || type == GgmlType::Q5_1) {
        const torch::Tensor min = std::get<0>(blocks.min(2)), max = std::get<0>(blocks.max(2));
        grid.scale = toHalfPrecision((max - min) / float(grid.qmax));
        grid.offset = toHalfPrecision(min);
        return grid;
    }
    grid.offset = torch::zeros({w.size(0), w.size(1) / kBlock});
    if (type == GgmlType::Q8_0) {
        grid.scale = toHalfPrecision(std::get<0>(blocks.abs().max(2)) / 127.0f);
        return grid;
    }
    // Q4_0, Q5_0: the value of largest magnitude (the first of equals), sign kept, over -2^(bits-1).
    const torch::Tensor at = blocks.abs().argmax(2, true);
    grid.scale = toHalfPrecision(blocks.gather(2, at).squeeze(2) / float(grid.qmin));
    return grid;
}

torch::Tensor nearestLevels(const torch::Tensor& values, const torch::Tensor& scale, const torch::Tensor& offset,
                            int64_t qmin, int64_t qmax)
{
    const torch::Tensor s = scale.to(values.scalar_type()), m = offset.to(values.scalar_type());
    const torch::Tensor zero = s.eq(0);
    const torch::Tensor q = ((values - m) / s.masked_fill(zero, 1)).round().clamp(double(qmin), double(qmax));
    return q.masked_fill(zero, 0);
}

torch::Tensor packBlocks(const torch::Tensor& levels, const BlockGrid& grid)
{
    const torch::Tensor q = levels.to(torch::kCPU, torch::kLong).contiguous();
    if (isKQuant(grid.type))
        return packKQuantBlocks(q, grid);
    const int64_t rows = levels.size(0), blocksPerRow = levels.size(1) / kBlock;
    const uint32_t bytes = gguf::ggmlTypeInfo(grid.type).bytesPerBlock;
    const torch::Tensor scale = grid.scale.to(torch::kCPU, torch::kFloat).contiguous();
    const torch::Tensor offset = grid.offset.to(torch::kCPU, torch::kFloat).contiguous();
    torch::Tensor out = torch::empty({rows * blocksPerRow * int64_t(bytes)}, torch::kUInt8);
    uint8_t* o = out.data_ptr<uint8_t>();
    const int64_t* qp = q.data_ptr<int64_t>();
    for (int64_t b = 0; b < rows * blocksPerRow; ++b)
        packBlock(grid.type, qp + b * kBlock, scale.data_ptr<float>()[b], offset.data_ptr<float>()[b], o + b * bytes);
    return out;
}

torch::Tensor roundToNearestBlocks(const torch::Tensor& weight, GgmlType type, const std::vector<float>& importance)
{
    const torch::Tensor w = contiguousFloat(weight, type);
    if (!importance.empty() && int64_t(importance.size()) != w.size(1))
        throw Error::inField("importance", "has " + std::to_string(importance.size()) + " values for " +
                                               std::to_string(w.size(1)) + " columns");
    uint64_t bytes = 0;
    if (!gguf::ggmlByteSize(type, uint64_t(w.numel()), bytes))
        throw Error::inField("weight", "is too large for " + std::string(gguf::ggmlTypeInfo(type).name) + " blocks");
    torch::Tensor out = torch::empty({int64_t(bytes)}, torch::kUInt8);
    gguf::quantizeWeighted(type, w.data_ptr<float>(), out.data_ptr<uint8_t>(), w.size(0), w.size(1),
                           importance.empty() ? nullptr : importance.data());
    return out;
}

torch::Tensor dequantizeBlocks(const torch::Tensor& blocks, GgmlType type, int64_t rows, int64_t cols)
{
    uint64_t bytes = 0;
    if (!gguf::ggmlByteSize(type, uint64_t(rows * cols), bytes) || uint64_t(blocks.numel()) != bytes)
        throw Error::inField("blocks", "hold " + std::to_string(blocks.numel()) + " bytes, not a " +
                                           std::to_string(rows) + " x " + std::to_string(cols) + " matrix");
    const torch::Tensor b = blocks.to(torch::kCPU).contiguous();
    torch::Tensor out = torch::empty({rows, cols});
    gguf::dequantize(type, b.data_ptr<uint8_t>(), out.data_ptr<float>(), uint64_t(rows * cols));
    return out;
}

} // namespace lw::quant
