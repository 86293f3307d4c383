// Importance-weighted quantization as llama-quantize does it with an imatrix (ggml's
// quantize_q8_0 ... quantize_q6_K, the functions ggml_quantize_chunk calls): without
// importance each format's reference quantizer; with it, scale searches that weigh
// each column's error by its importance. Q8_0 has no weighted variant and ignores it.
#include "core/gguf/ggml_quant_search.h"
#include "core/gguf/ggml_quantize_rows.h"
#include "core/gguf/ggml_types.h"

#include "core/util/error.h"

#include <cmath>
#include <string>

namespace lw::gguf {

namespace detail {

namespace {

constexpr int kBlock = 32;

// sigma^2 of ggml's legacy weighted quantizers: the mean square of the whole row.
float rowMeanSquare(const float* x, int64_t rowLength)
{
    float sumX2 = 0;
    for (int64_t j = 0; j < rowLength; ++j)
        sumX2 += x[j] * x[j];
    return sumX2 / float(rowLength);
}

void blockWeights(const float* xb, const float* qw, float sigma2, float* weight)
{
    for (int j = 0; j < kBlock; ++j)
        weight[j] = qw[j] * std::sqrt(sigma2 + xb[j] * xb[j]);
}

// Q4_0 (nmax 8) and Q5_0 (nmax 16): symmetric levels from the weighted search.
void symmetricWeightedRow(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance, int nmax,
                          size_t blockBytes)
{
    const float sigma2 = rowMeanSquare(x, rowLength);
    float weight[kBlock];
    int8_t L[kBlock];
    for (int64_t ib = 0; ib < rowLength / kBlock; ++ib, blocks += blockBytes) {
        const float* xb = x + kBlock * ib;
        blockWeights(xb, importance + kBlock * ib, sigma2, weight);
        storeHalf(blocks, makeQxQuants(kBlock, nmax, xb, L, weight));
        if (nmax == 16)
            storeU32(blocks + 2, fifthBits(L));
        packNibbles(L, blocks + blockBytes - 16);
    }
}

// Q4_1 (nmax 15) and Q5_1 (nmax 31): scale and minimum from the weighted fit.
void offsetWeightedRow(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance, int nmax,
                       size_t blockBytes)
{
    const float sigma2 = rowMeanSquare(x, rowLength);
    float weight[kBlock];
    uint8_t L[kBlock], Laux[kBlock];
    for (int64_t ib = 0; ib < rowLength / kBlock; ++ib, blocks += blockBytes) {
        const float* xb = x + kBlock * ib;
        blockWeights(xb, importance + kBlock * ib, sigma2, weight);
        float min;
        const float d = makeQkxQuants(kBlock, nmax, xb, weight, L, &min, Laux, -0.9f, 0.05f, 36);
        storeHalf(blocks, d);
        storeHalf(blocks + 2, -min);
        if (nmax == 31)
            storeU32(blocks + 4, fifthBits(L));
        packNibbles(L, blocks + blockBytes - 16);
    }
}

} // namespace

void quantizeQ4_0Weighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance)
{
    symmetricWeightedRow(x, blocks, rowLength, importance, 8, 18);
}

void quantizeQ5_0Weighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance)
{
    symmetricWeightedRow(x, blocks, rowLength, importance, 16, 22);
}

void quantizeQ4_1Weighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance)
{
    offsetWeightedRow(x, blocks, rowLength, importance, 15, 20);
}

void quantizeQ5_1Weighted(const float* x, uint8_t* blocks, int64_t rowLength, const float* importance)
{
    offsetWeightedRow(x, blocks, rowLength, importance, 31, 24);
}

} // namespace detail

namespace {

using WeightedRow = void (*)(const float*, uint8_t*, int64_t, const float*);

WeightedRow weightedRowQuantizer(GgmlType type)
{
    switch (type) {
    case GgmlType::Q4_0: return detail::quantizeQ4_0Weighted;
    case GgmlType::Q4_1: return detail::quantizeQ4_1Weighted;
    case GgmlType::Q5_0: return detail::quantizeQ5_0Weighted;
    case GgmlType::Q5_1: return detail::quantizeQ5_1Weighted;
    case GgmlType::Q4_K: return detail::quantizeQ4_KWeighted;
    case GgmlType::Q5_K: return detail::quantizeQ5_KWeighted;
    case GgmlType::Q6_K: return detail::quantizeQ6_KWeighted;
    default: return nullptr; // F32, F16, BF16, Q8_0: importance changes nothing
    }
}

} // namespace

void quantizeWeighted(GgmlType type, const float* in, void* blocks, int64_t rows, int64_t rowLength,
                      const float* importance)
{
    const GgmlTypeInfo& info = ggmlTypeInfo(type);
    if (!info.quantizable)
        throw Error(std::string("cannot store float values as ") + info.name + " yet");
    if (rows < 0)
        throw Error("cannot quantize " + std::to_string(rows) + " rows");
    if (rowLength <= 0 || rowLength % info.blockSize != 0)
        throw Error("rows of " + std::to_string(rowLength) + " values are not whole " + info.name + " blocks of " +
                    std::to_string(info.blockSize));
    int64_t count = 0;
    if (__builtin_mul_overflow(rows, rowLength, &count))
        throw Error(std::to_string(rows) + " rows of " + std::to_string(rowLength) + " values are too many");
    const WeightedRow row = weightedRowQuantizer(type);
    if (!importance || !row)
        return quantize(type, in, blocks, uint64_t(count));
    const size_t rowBytes = size_t(rowLength / info.blockSize) * info.bytesPerBlock;
    auto* out = static_cast<uint8_t*>(blocks);
    for (int64_t r = 0; r < rows; ++r)
        row(in + r * rowLength, out + size_t(r) * rowBytes, rowLength, importance);
}

} // namespace lw::gguf
