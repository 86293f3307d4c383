#include "core/generate/cpu_kernels.h"
#include "core/util/multiversion.h"

#include "core/generate/cpu_kernels_isa.h"
#include "core/generate/cpu_kernels_quant.h"
#include "core/model/fast_exp.h"
#include "core/util/error.h"

#include <ATen/Parallel.h>
#include <atomic>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

// Plain loops the compiler vectorises, in AVX-512, AVX2 and baseline x86-64 versions
// picked at run time: the element-wise steps, and the matrix products of CPUs without
// AVX-512.

namespace lw::generate::kernels {

namespace {

// Ordered from least to most capable: a request the CPU cannot run falls down the list.
enum class Isa { Generic, Avx2, Avx512, Avx512Bf16 };

bool isaAvailable(Isa isa)
{
    switch (isa) {
    case Isa::Generic: return true;
    case Isa::Avx2: return avx2::available();
    case Isa::Avx512: return avx512::available();
    case Isa::Avx512Bf16: return avx512::bf16Available();
    }
    return false;
}

// Accepts the quantized kernels' names too (LW_KERNEL_ISA sets both): their AVX2 and
// AVX-512 variants map to this file's AVX2 and best AVX-512 kernels.
Isa parseIsa(const std::string& name)
{
    if (name.empty() || name == "best" || name.rfind("avx512", 0) == 0)
        return name == "avx512" ? Isa::Avx512 : Isa::Avx512Bf16;
    if (name == "avx2" || name == "avx2-vnni")
        return Isa::Avx2;
    if (name == "generic")
        return Isa::Generic;
    throw Error::inField("LW_KERNEL_ISA", "unknown instruction set '" + name +
                                               "' (generic, avx2, avx512, avx512-bf16 or best)");
}

Isa usableIsa(Isa wanted)
{
    int isa = int(wanted);
    while (isa > 0 && !isaAvailable(Isa(isa)))
        --isa;
    return Isa(isa);
}

std::atomic<int>& currentIsa()
{
    // The environment is read once, the first time a kernel runs.
    static std::atomic<int> isa{[] {
        const char* env = std::getenv("LW_KERNEL_ISA");
        return int(usableIsa(parseIsa(env ? env : "")));
    }()};
    return isa;
}

Isa detectIsa() { return Isa(currentIsa().load()); }

void linearF32On(Isa isa, const float* x, int64_t ldx, const float* w, const RowRange& g)
{
    if (isa == Isa::Generic)
        generic::linearF32(x, ldx, w, g);
    else if (isa == Isa::Avx2)
        avx2::linearF32(x, ldx, w, g);
    else
        avx512::linearF32(x, ldx, w, g);
}

inline float bf16ToFloat(uint16_t v)
{
    const uint32_t bits = uint32_t(v) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

using lw::model::expApprox;

std::vector<uint16_t>& bf16Inputs()
{
    thread_local std::vector<uint16_t> buffer;
    return buffer;
}

} // namespace

namespace generic {

LW_MULTIVERSION void linearF32(const float* x, int64_t ldx, const float* w, const RowRange& g)
{
    for (int64_t r = g.r0; r < g.r1; ++r) {
        const float* wr = w + r * g.k;
        for (int64_t i = 0; i < g.m; ++i) {
            const float* xi = x + i * ldx;
            float s = 0;
#pragma omp simd reduction(+ : s)
            for (int64_t kk = 0; kk < g.k; ++kk)
                s += wr[kk] * xi[kk];
            s += g.bias ? g.bias[r] : 0.0f;
            float* out = g.y + i * g.ldy + r;
            *out = g.accumulate ? *out + s : s;
        }
    }
}

LW_MULTIVERSION void linearBf16(const float* x, int64_t ldx, const uint16_t* w, const RowRange& g)
{
    for (int64_t r = g.r0; r < g.r1; ++r) {
        const uint16_t* wr = w + r * g.k;
        for (int64_t i = 0; i < g.m; ++i) {
            const float* xi = x + i * ldx;
            float s = 0;
#pragma omp simd reduction(+ : s)
            for (int64_t kk = 0; kk < g.k; ++kk)
                s += bf16ToFloat(wr[kk]) * xi[kk];
            s += g.bias ? g.bias[r] : 0.0f;
            float* out = g.y + i * g.ldy + r;
            *out = g.accumulate ? *out + s : s;
        }
    }
}

} // namespace generic

void linear(const float* x, int64_t m, int64_t ldx, const WeightMatrix& w, const float* bias, float* y, int64_t ldy,
            bool accumulate)
{
    if (m <= 0 || w.rows <= 0)
        return;
    if (isQuantized(w.type)) {
        quantizedLinear(x, m, ldx, w, bias, y, ldy, accumulate);
        return;
    }
    const Isa isa = detectIsa();
    const int64_t k = w.cols;
    const uint16_t* xBf16 = nullptr;
    if (w.type == WeightType::BF16 && isa == Isa::Avx512Bf16) {
        // Round the inputs once; every weight row then meets them in bfloat16.
        auto& buffer = bf16Inputs();
        if (buffer.size() < size_t(m * k))
            buffer.resize(size_t(m * k));
        for (int64_t i = 0; i < m; ++i)
            avx512::floatToBf16(x + i * ldx, buffer.data() + i * k, k);
        xBf16 = buffer.data();
    }
    auto run = [&](int64_t tile0, int64_t tile1) {
        RowRange g;
        g.m = m;
        g.k = k;
        g.r0 = tile0 * 4;
        g.r1 = std::min(w.rows, tile1 * 4);
        g.bias = bias;
        g.y = y;
        g.ldy = ldy;
        g.accumulate = accumulate;
        if (w.type == WeightType::F32) {
            linearF32On(isa, x, ldx, static_cast<const float*>(w.data), g);
        } else {
            const uint16_t* wb = static_cast<const uint16_t*>(w.data);
            if (xBf16)
                avx512::linearBf16Dot(xBf16, k, wb, g);
            else if (isa == Isa::Avx512)
                avx512::linearBf16Widen(x, ldx, wb, g);
            // One input row (decode) keeps the plain loop: on the AVX2 machine of
            // docs/BENCHMARKS.md the 4-row tiles decoded bf16 at half its speed (cause
            // not found yet), while several rows (prefill) ran 1.7x faster.
            else if (isa == Isa::Avx2 && m > 1)
                avx2::linearBf16Widen(x, ldx, wb, g);
            else
                generic::linearBf16(x, ldx, wb, g);
        }
    };
    const int64_t tiles = (w.rows + 3) / 4;
    // Threads only pay off past some work: at least ~64K multiply-adds each.
    const int64_t macsPerTile = 4 * k * m;
    if (tiles * macsPerTile < (int64_t(1) << 17) || at::get_num_threads() == 1) {
        run(0, tiles);
        return;
    }
    // Threads take chunks of ~128 KB of weights from a shared counter rather than one
    // fixed share each: a thread the OS delays on a busy machine then holds up the
    // others by one chunk, not by half the matrix. A chunk is still one contiguous stream.
    const int64_t tileBytes = 4 * k * (w.type == WeightType::F32 ? 4 : 2);
    const int64_t chunk = std::max<int64_t>(1, (int64_t(128) << 10) / tileBytes);
    const int64_t chunks = (tiles + chunk - 1) / chunk;
    std::atomic<int64_t> next{0};
    at::parallel_for(0, at::get_num_threads(), 1, [&](int64_t, int64_t) {
        for (int64_t c = next.fetch_add(1); c < chunks; c = next.fetch_add(1))
            run(c * chunk, std::min(tiles, (c + 1) * chunk));
    });
}

void linearReference(const float* x, int64_t m, int64_t ldx, const WeightMatrix& w, const float* bias, float* y,
                     int64_t ldy, bool accumulate)
{
    std::vector<float> row(size_t(w.cols));
    for (int64_t r = 0; r < w.rows; ++r) {
        weightRow(w, r, row.data());
        for (int64_t i = 0; i < m; ++i) {
            double s = bias ? bias[r] : 0.0;
            for (int64_t k = 0; k < w.cols; ++k)
                s += double(row[size_t(k)]) * double(x[i * ldx + k]);
            float* out = y + i * ldy + r;
            *out = accumulate ? *out + float(s) : float(s);
        }
    }
}

void weightRow(const WeightMatrix& w, int64_t row, float* out)
{
    if (isQuantized(w.type)) {
        quantizedWeightRow(w, row, out);
        return;
    }
    if (w.type == WeightType::F32) {
        std::memcpy(out, static_cast<const float*>(w.data) + row * w.cols, sizeof(float) * size_t(w.cols));
        return;
    }
    const uint16_t* src = static_cast<const uint16_t*>(w.data) + row * w.cols;
    for (int64_t i = 0; i < w.cols; ++i)
        out[i] = bf16ToFloat(src[i]);
}

LW_MULTIVERSION void layerNorm(const float* x, float* y, int64_t rows, int64_t n, const float* gain, const float* bias,
                               float eps)
{
    for (int64_t r = 0; r < rows; ++r) {
        const float* xr = x + r * n;
        float* yr = y + r * n;
        float sum = 0;
#pragma omp simd reduction(+ : sum)
        for (int64_t i = 0; i < n; ++i)
            sum += xr[i];
        const float mean = sum / float(n);
        float squares = 0;
#pragma omp simd reduction(+ : squares)
        for (int64_t i = 0; i < n; ++i)
            squares += (xr[i] - mean) * (xr[i] - mean);
        const float inv = 1.0f / std::sqrt(squares / float(n) + eps);
        if (bias) {
#pragma omp simd
            for (int64_t i = 0; i < n; ++i)
                yr[i] = (xr[i] - mean) * inv * gain[i] + bias[i];
        } else {
#pragma omp simd
            for (int64_t i = 0; i < n; ++i)
                yr[i] = (xr[i] - mean) * inv * gain[i];
        }
    }
}

LW_MULTIVERSION void rmsNorm(const float* x, float* y, int64_t rows, int64_t n, const float* gain, float eps)
{
    for (int64_t r = 0; r < rows; ++r) {
        const float* xr = x + r * n;
        float* yr = y + r * n;
        float squares = 0;
#pragma omp simd reduction(+ : squares)
        for (int64_t i = 0; i < n; ++i)
            squares += xr[i] * xr[i];
        const float inv = 1.0f / std::sqrt(squares / float(n) + eps);
#pragma omp simd
        for (int64_t i = 0; i < n; ++i)
            yr[i] = xr[i] * inv * gain[i];
    }
}

LW_MULTIVERSION void geluTanhInPlace(float* x, int64_t n)
{
    // 0.5 x (1 + tanh(u)) = x - x / (1 + exp(2u)), u = sqrt(2/pi) (x + 0.044715 x^3).
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) {
        const float v = x[i];
        const float u = 0.7978845608028654f * (v + 0.044715f * v * v * v);
        x[i] = v - v / (1.0f + expApprox(2.0f * u));
    }
}

LW_MULTIVERSION void siluMultiplyInPlace(float* gate, const float* up, int64_t n)
{
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) {
        const float g = gate[i];
        gate[i] = g / (1.0f + expApprox(-g)) * up[i];
    }
}

LW_MULTIVERSION void addInPlace(float* y, const float* x, int64_t n)
{
#pragma omp simd
    for (int64_t i = 0; i < n; ++i)
        y[i] += x[i];
}

void floatToBf16(const float* x, uint16_t* y, int64_t n)
{
    if (detectIsa() == Isa::Avx512Bf16) {
        avx512::floatToBf16(x, y, n);
        return;
    }
    if (detectIsa() == Isa::Avx2) {
        avx2::floatToBf16(x, y, n);
        return;
    }
    for (int64_t i = 0; i < n; ++i) {
        uint32_t bits;
        std::memcpy(&bits, &x[i], 4);
        if (std::isnan(x[i]))
            y[i] = uint16_t((bits >> 16) | 0x40);
        else
            y[i] = uint16_t((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }
}

float sumForBandwidth(const float* x, int64_t n)
{
    if (detectIsa() >= Isa::Avx512)
        return avx512::sum(x, n);
    if (detectIsa() == Isa::Avx2)
        return avx2::sum(x, n);
    float s = 0;
    for (int64_t i = 0; i < n; ++i)
        s += x[i];
    return s;
}

std::string kernelName()
{
    switch (detectIsa()) {
    case Isa::Avx512Bf16:
        return "avx512-bf16";
    case Isa::Avx512:
        return "avx512";
    case Isa::Avx2:
        return "avx2";
    default:
        return "generic";
    }
}

std::string setFloatKernelIsa(const std::string& name)
{
    currentIsa().store(int(usableIsa(parseIsa(name))));
    return kernelName();
}

void linearF32InUse(const float* x, int64_t ldx, const float* w, const RowRange& range)
{
    linearF32On(detectIsa(), x, ldx, w, range);
}

} // namespace lw::generate::kernels
