#include "core/generate/cpu_kernels_quant.h"
#include "core/util/multiversion.h"

#include "core/generate/cpu_kernels_isa.h"
#include "core/generate/cpu_kernels_quant_float_route.h"
#include "core/generate/cpu_kernels_quant_isa.h"

#include "core/gguf/ggml_types.h"
#include "core/quant/nf4_values.h"
#include "core/util/error.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

// Plain loops the compiler vectorises (the input quantization), in AVX-512, AVX2 and
// baseline versions picked at run time.

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

namespace {

// Ordered from least to most capable: a request the CPU cannot run falls down the list.
enum class QuantIsa { Generic, Avx2, Avx2Vnni, Avx512, Avx512Zmm };

bool isaAvailable(QuantIsa isa)
{
    switch (isa) {
    case QuantIsa::Generic: return true;
    case QuantIsa::Avx2: return avx2::quantAvailable();
    case QuantIsa::Avx2Vnni: return avx2::quantVnniAvailable();
    case QuantIsa::Avx512: return avx512::quantAvailable();
    case QuantIsa::Avx512Zmm: return avx512::quantWideAvailable();
    }
    return false;
}

const char* isaName(QuantIsa isa)
{
    switch (isa) {
    case QuantIsa::Generic: return "generic";
    case QuantIsa::Avx2: return "avx2";
    case QuantIsa::Avx2Vnni: return "avx2-vnni";
    case QuantIsa::Avx512: return "avx512-vnni";
    case QuantIsa::Avx512Zmm: return "avx512-zmm";
    }
    return "generic";
}

QuantIsa parseIsa(const std::string& name)
{
    if (name.empty() || name == "best" || name == "avx512-zmm")
        return QuantIsa::Avx512Zmm;
    if (name == "avx512" || name == "avx512-vnni")
        return QuantIsa::Avx512;
    if (name == "avx2-vnni")
        return QuantIsa::Avx2Vnni;
    if (name == "avx2")
        return QuantIsa::Avx2;
    if (name == "generic")
        return QuantIsa::Generic;
    throw Error::inField("LW_KERNEL_ISA", "unknown instruction set '" + name +
                                               "' (generic, avx2, avx2-vnni, avx512, avx512-zmm or best)");
}

QuantIsa usableIsa(QuantIsa wanted)
{
    int isa = int(wanted);
    while (isa > 0 && !isaAvailable(QuantIsa(isa)))
        --isa;
    return QuantIsa(isa);
}

std::atomic<int>& currentIsa()
{
    // The environment is read once, the first time a quantized product runs.
    static std::atomic<int> isa{[] {
        const char* env = std::getenv("LW_KERNEL_ISA");
        return int(usableIsa(parseIsa(env ? env : "")));
    }()};
    return isa;
}

// The prepared inputs of one call, reused by the next call on the same thread.
struct InputBuffers {
    std::vector<int8_t> q;
    std::vector<float> d, s, x;
    std::vector<int16_t> sums16;
};

InputBuffers& inputBuffers()
{
    thread_local InputBuffers buffers;
    return buffers;
}

// q = round(x / d), d = max|x| / 127, for each block of `blockLen` of one row; the
// scales, the sums of each 16 levels and (when s is given) d * sum of each 32.
LW_MULTIVERSION void quantizeInputRow(const float* x, int64_t k, int64_t blockLen, int8_t* q, float* d, float* s,
                                      int16_t* sums16)
{
    for (int64_t b = 0; b < k / blockLen; ++b) {
        const float* xb = x + b * blockLen;
        int8_t* qb = q + b * blockLen;
        float amax = 0;
#pragma omp simd reduction(max : amax)
        for (int64_t t = 0; t < blockLen; ++t)
            amax = std::max(amax, std::fabs(xb[t]));
        const float scale = amax / 127.0f;
        const float inverse = amax > 0 ? 127.0f / amax : 0.0f;
        d[b] = scale;
        // Adding and subtracting 1.5 * 2^23 rounds to nearest even (|x / d| <= 127).
        constexpr float kRound = 12582912.0f;
#pragma omp simd
        for (int64_t t = 0; t < blockLen; ++t)
            qb[t] = int8_t(int((xb[t] * inverse + kRound) - kRound));
    }
    for (int64_t g = 0; g < k / 16; ++g) {
        int sum = 0;
        for (int t = 0; t < 16; ++t)
            sum += q[g * 16 + t];
        sums16[g] = int16_t(sum);
    }
    if (s)
        for (int64_t b = 0; b < k / 32; ++b)
            s[b] = d[b * 32 / blockLen] * float(sums16[2 * b] + sums16[2 * b + 1]);
}

QuantInput prepareInput(const float* x, int64_t m, int64_t ldx, const WeightMatrix& w)
{
    QuantInput in;
    in.m = m;
    in.k = w.cols;
    auto& buffers = inputBuffers();
    const size_t n = size_t(m * w.cols);
    if (w.type == WeightType::NF4) {
        // Each 16 inputs as their 8 even elements, then their 8 odd ones.
        buffers.x.resize(n);
        for (int64_t i = 0; i < m; ++i)
            for (int64_t g = 0; g < w.cols; g += 16)
                for (int t = 0; t < 8; ++t) {
                    buffers.x[size_t(i * w.cols + g + t)] = x[i * ldx + g + 2 * t];
                    buffers.x[size_t(i * w.cols + g + 8 + t)] = x[i * ldx + g + 2 * t + 1];
                }
        in.x = buffers.x.data();
        return in;
    }
    const bool super = w.type == WeightType::Q4_K || w.type == WeightType::Q5_K || w.type == WeightType::Q6_K;
    in.blockLen = super ? 256 : 32;
    buffers.q.resize(n);
    buffers.d.resize(n / size_t(in.blockLen));
    buffers.s.resize(n / 32);
    buffers.sums16.resize(n / 16);
    for (int64_t i = 0; i < m; ++i)
        quantizeInputRow(x + i * ldx, w.cols, in.blockLen, buffers.q.data() + i * w.cols,
                         buffers.d.data() + i * (w.cols / in.blockLen), super ? nullptr : buffers.s.data() + i * (w.cols / 32),
                         buffers.sums16.data() + i * (w.cols / 16));
    in.q = buffers.q.data();
    in.d = buffers.d.data();
    in.s = buffers.s.data();
    in.sums16 = buffers.sums16.data();
    return in;
}

using RowsFunction = void (*)(const WeightMatrix&, const QuantInput&, const QuantOutput&, int64_t, int64_t);

RowsFunction rowsFunction(QuantIsa isa)
{
    switch (isa) {
    case QuantIsa::Avx512Zmm: return avx512::quantRowsWide;
    case QuantIsa::Avx512: return avx512::quantRows;
    case QuantIsa::Avx2Vnni: return avx2::quantRowsVnni;
    case QuantIsa::Avx2: return avx2::quantRows;
    default: return generic::quantRows;
    }
}

// The prefill kernel for `m` input rows of a `type` matrix under `isa`, or nullptr where
// the row kernels serve (decoding, other formats and instruction sets).
RowsFunction prefillRowsFunction(QuantIsa isa, WeightType type, int64_t m)
{
    if (m >= kQuantPrefillMinRows && isa == QuantIsa::Avx2 && avx2::quantPrefillHandles(type))
        return avx2::quantPrefillRows;
    return nullptr;
}

// The float route's default switch points, from bench_quant_kernels --prefill-rows on
// the Llama-1B-like 2048x8192 matrix (AVX-512) and GPT-2's 3072x768 and 768x2304 ones
// (AVX2), one thread (docs/BENCHMARKS.md): the input rows from which
// dequantize-then-sgemm beats the integer kernels in use.
int64_t defaultFloatRouteRows(WeightType type, QuantIsa isa)
{
    constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
    // AVX2 without AVX-512 (an EPYC, in process CPU time): the integer kernels of Q8_0,
    // Q4_0, the K-quants and int8 rows ran as fast as dequantize-then-sgemm or faster at
    // 128 and 512 rows; sgemm won at 512 rows for Q4_1 and Q5_x (1.1-1.5x) and from 128
    // for NF4, whose kernel multiplies floats one weight row at a time.
    if (isa != QuantIsa::Generic && !avx512::available()) {
        switch (type) {
        case WeightType::NF4: return 128;
        case WeightType::Q4_1:
        case WeightType::Q5_0:
        case WeightType::Q5_1: return 256;
        default: return kNever;
        }
    }
    if (type == WeightType::NF4) // a float kernel either way; the float route's tiles win from ~32 rows
        return 32;
    if (isa == QuantIsa::Generic) // plain C++ integer loops against the vectorised float kernel
        return 8;
    if (isa == QuantIsa::Avx512Zmm) // the 512-bit kernels won at every row count measured (up to 512)
        return kNever;
    switch (type) {
    case WeightType::Q8_0:
    case WeightType::I8Rows: return kNever;
    case WeightType::Q4_K:
    case WeightType::Q5_K:
    case WeightType::Q6_K: return 64;
    default: return 256;
    }
}

std::atomic<int64_t>& floatRouteOverride(WeightType type)
{
    static std::atomic<int64_t> rows[int(WeightType::NF4) + 1] = {};
    return rows[int(type)];
}

} // namespace

int64_t quantFloatRouteRows(WeightType type)
{
    const int64_t set = floatRouteOverride(type).load();
    if (set > 0)
        return set;
    static const bool exact = [] {
        const char* env = std::getenv("LW_QUANT_EXACT");
        return env && *env && std::string(env) != "0";
    }();
    return exact ? 1 : defaultFloatRouteRows(type, QuantIsa(currentIsa().load()));
}

void setQuantFloatRouteRows(WeightType type, int64_t rows)
{
    floatRouteOverride(type).store(std::max<int64_t>(0, rows));
}

std::string quantKernelName()
{
    return isaName(QuantIsa(currentIsa().load()));
}

std::string setQuantKernelIsa(const std::string& name)
{
    const QuantIsa isa = usableIsa(parseIsa(name));
    currentIsa().store(int(isa));
    return isaName(isa);
}

void quantizedLinear(const float* x, int64_t m, int64_t ldx, const WeightMatrix& w, const float* bias, float* y,
                     int64_t ldy, bool accumulate)
{
    checkShape(w);
    if (w.type == WeightType::I8Rows && w.cols % 32 != 0) {
        // Rows that do not split into blocks of 32 inputs: the float reference.
        linearReference(x, m, ldx, w, bias, y, ldy, accumulate);
        return;
    }
    if (m >= quantFloatRouteRows(w.type)) {
        dequantizedLinear(x, m, ldx, w, bias, y, ldy, accumulate);
        return;
    }
    const QuantInput in = prepareInput(x, m, ldx, w);
    const QuantOutput out{bias, y, ldy, accumulate};
    const QuantIsa isa = QuantIsa(currentIsa().load());
    const RowsFunction prefill = prefillRowsFunction(isa, w.type, m);
    const RowsFunction rows = prefill ? prefill : rowsFunction(isa);
    // Threads only pay off past some work; below it one thread does everything.
    const int64_t rowBytes = w.rowBytes();
    if (w.rows * w.cols * m < (int64_t(1) << 18) || at::get_num_threads() == 1) {
        rows(w, in, out, 0, w.rows);
        return;
    }
    // Threads take chunks of ~64 KB of weights from a shared counter, as the float
    // kernels do: a thread the OS delays holds up the others by one chunk at most.
    // The prefill kernels' chunks are whole register tiles of weight rows.
    const int64_t rowAlign = prefill ? kQuantPrefillRowGroup : 1;
    const int64_t chunk = (std::max<int64_t>(1, (int64_t(64) << 10) / rowBytes) + rowAlign - 1) / rowAlign * rowAlign;
    const int64_t chunks = (w.rows + chunk - 1) / chunk;
    std::atomic<int64_t> next{0};
    at::parallel_for(0, at::get_num_threads(), 1, [&](int64_t, int64_t) {
        for (int64_t c = next.fetch_add(1); c < chunks; c = next.fetch_add(1))
            rows(w, in, out, c * chunk, std::min(w.rows, (c + 1) * chunk));
    });
}

} // namespace lw::generate::kernels
