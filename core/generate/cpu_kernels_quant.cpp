#include "core/generate/cpu_kernels_quant.h"

#include "core/gguf/ggml_types.h"
#include "core/quant/nf4_values.h"
#include "core/util/error.h"

#include <ATen/Parallel.h>
#include <cstring>
#include <vector>

namespace lw::generate::kernels {

namespace {

gguf::GgmlType ggmlTypeOf(WeightType type)
{
    switch (type) {
    case WeightType::Q8_0: return gguf::GgmlType::Q8_0;
    case WeightType::Q4_0: return gguf::GgmlType::Q4_0;
    case WeightType::Q4_1: return gguf::GgmlType::Q4_1;
    case WeightType::Q5_0: return gguf::GgmlType::Q5_0;
    case WeightType::Q5_1: return gguf::GgmlType::Q5_1;
    case WeightType::Q4_K: return gguf::GgmlType::Q4_K;
    case WeightType::Q5_K: return gguf::GgmlType::Q5_K;
    case WeightType::Q6_K: return gguf::GgmlType::Q6_K;
    default: throw Error(std::string("weight type ") + weightTypeName(type) + " is not a GGUF block format");
    }
}

bool isBlockFormat(WeightType type)
{
    return isQuantized(type) && type != WeightType::I8Rows && type != WeightType::NF4;
}

void checkShape(const WeightMatrix& w)
{
    if (w.cols % weightBlockSize(w.type) != 0)
        throw Error(std::string("a ") + weightTypeName(w.type) + " matrix needs rows of whole blocks of " +
                    std::to_string(weightBlockSize(w.type)) + ", got " + std::to_string(w.cols) + " columns");
}

} // namespace

bool isQuantized(WeightType type)
{
    return type != WeightType::F32 && type != WeightType::BF16;
}

const char* weightTypeName(WeightType type)
{
    switch (type) {
    case WeightType::F32: return "f32";
    case WeightType::BF16: return "bf16";
    case WeightType::Q8_0: return "q8_0";
    case WeightType::Q4_0: return "q4_0";
    case WeightType::Q4_1: return "q4_1";
    case WeightType::Q5_0: return "q5_0";
    case WeightType::Q5_1: return "q5_1";
    case WeightType::Q4_K: return "q4_K";
    case WeightType::Q5_K: return "q5_K";
    case WeightType::Q6_K: return "q6_K";
    case WeightType::I8Rows: return "int8";
    case WeightType::NF4: return "nf4";
    }
    return "unknown";
}

int64_t weightBlockSize(WeightType type)
{
    if (type == WeightType::F32 || type == WeightType::BF16 || type == WeightType::I8Rows)
        return 1;
    if (type == WeightType::NF4)
        return 64;
    return gguf::ggmlTypeInfo(ggmlTypeOf(type)).blockSize;
}

int64_t WeightMatrix::rowBytes() const
{
    switch (type) {
    case WeightType::F32: return cols * 4;
    case WeightType::BF16: return cols * 2;
    case WeightType::I8Rows: return cols;
    case WeightType::NF4: return cols / 2;
    default: {
        const auto& info = gguf::ggmlTypeInfo(ggmlTypeOf(type));
        return cols / info.blockSize * info.bytesPerBlock;
    }
    }
}

int64_t WeightMatrix::bytes() const
{
    int64_t scaleFloats = 0;
    if (type == WeightType::I8Rows)
        scaleFloats = rows;
    else if (type == WeightType::NF4)
        scaleFloats = rows * cols / 64;
    return rows * rowBytes() + scaleFloats * 4;
}

void quantizedWeightRow(const WeightMatrix& w, int64_t row, float* out)
{
    checkShape(w);
    const uint8_t* bytes = static_cast<const uint8_t*>(w.data) + row * w.rowBytes();
    if (isBlockFormat(w.type)) {
        gguf::dequantize(ggmlTypeOf(w.type), bytes, out, uint64_t(w.cols));
    } else if (w.type == WeightType::I8Rows) {
        const float scale = w.scales[row];
        for (int64_t i = 0; i < w.cols; ++i)
            out[i] = scale * float(int8_t(bytes[i]));
    } else if (w.type == WeightType::NF4) {
        const auto& values = quant::kNf4Values;
        const float* absmax = w.scales + row * (w.cols / 64);
        for (int64_t i = 0; i < w.cols; i += 2) {
            const uint8_t pair = bytes[i / 2];
            out[i] = values[pair >> 4] * absmax[i / 64];
            out[i + 1] = values[pair & 15] * absmax[i / 64];
        }
    } else {
        throw Error(std::string("quantizedWeightRow: ") + weightTypeName(w.type) + " is not quantized");
    }
}

void quantizedLinear(const float* x, int64_t m, int64_t ldx, const WeightMatrix& w, const float* bias, float* y,
                     int64_t ldy, bool accumulate)
{
    checkShape(w);
    // Row by row: dequantize a weight row into a per-thread buffer, then float dot products.
    at::parallel_for(0, w.rows, 16, [&](int64_t r0, int64_t r1) {
        std::vector<float> row(size_t(w.cols));
        for (int64_t r = r0; r < r1; ++r) {
            quantizedWeightRow(w, r, row.data());
            for (int64_t i = 0; i < m; ++i) {
                const float* xi = x + i * ldx;
                float s = 0;
                for (int64_t k = 0; k < w.cols; ++k)
                    s += row[size_t(k)] * xi[k];
                s += bias ? bias[r] : 0.0f;
                float* o = y + i * ldy + r;
                *o = accumulate ? *o + s : s;
            }
        }
    });
}

} // namespace lw::generate::kernels
