#include "core/quant/nf4.h"

#include "core/quant/nf4_values.h"
#include "core/util/error.h"

#include <ATen/Parallel.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <cstring>
#include <type_traits>

namespace lw::quant {

namespace {

int64_t ceilDiv(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

// A decoded byte: the high nibble's value first, as bitsandbytes packs them.
struct ValuePair {
    float first;
    float second;
};

const std::array<ValuePair, 256>& pairTable()
{
    static const std::array<ValuePair, 256> table = [] {
        std::array<ValuePair, 256> t{};
        for (size_t byte = 0; byte < 256; ++byte)
            t[byte] = {kNf4Values[byte >> 4], kNf4Values[byte & 15]};
        return t;
    }();
    return table;
}

// The tensors of an Nf4Tensor may come from a file: their sizes must agree with the shape.
void checkLayout(const Nf4Tensor& t)
{
    const int64_t n = t.numel();
    auto fail = [&](const std::string& what) {
        throw Error(fmt::format("NF4 tensor of shape [{}]: {}", fmt::join(t.shape, ", "), what));
    };
    if (n <= 0 || n % kNf4BlockSize != 0)
        fail("the element count must be a positive multiple of 64");
    const int64_t blocks = n / kNf4BlockSize;
    if (!t.codes.defined() || t.codes.scalar_type() != torch::kUInt8 || t.codes.numel() != n / 2)
        fail(fmt::format("codes must be {} uint8 values", n / 2));
    if (!t.absmaxCodes.defined() || t.absmaxCodes.scalar_type() != torch::kInt8 || t.absmaxCodes.numel() != blocks)
        fail(fmt::format("absmax codes must be {} int8 values", blocks));
    const int64_t scales = ceilDiv(blocks, kNf4AbsmaxBlockSize);
    if (!t.absmaxScales.defined() || t.absmaxScales.scalar_type() != torch::kFloat ||
        t.absmaxScales.numel() != scales)
        fail(fmt::format("absmax scales must be {} float32 values", scales));
    if (t.codes.device() != t.absmaxCodes.device() || t.codes.device() != t.absmaxScales.device())
        fail("codes, absmax codes and scales must be on one device");
}

// Double quantisation: symmetric linear int8 of (absmax - mean) per block of 256, with a
// float32 scale max |absmax - mean| / 127 per block. bitsandbytes quantises the same
// centred values with its dynamic 8-bit map instead of a linear one; the storage is the
// same (8 bits per 64 weights plus 32 bits per 16384 weights).
void quantizeAbsmax(const torch::Tensor& absmax, Nf4Tensor& out)
{
    const int64_t blocks = absmax.numel();
    const int64_t scaleBlocks = ceilDiv(blocks, kNf4AbsmaxBlockSize);
    out.absmaxMean = absmax.mean().item<float>();
    torch::Tensor centred = absmax - out.absmaxMean;
    // Zero padding leaves each block's max |a - mean| as it is.
    torch::Tensor padded = torch::constant_pad_nd(centred, {0, scaleBlocks * kNf4AbsmaxBlockSize - blocks}, 0.0)
                               .view({scaleBlocks, kNf4AbsmaxBlockSize});
    out.absmaxScales = padded.abs().amax(1) / 127.0f;
    torch::Tensor inverse = torch::where(out.absmaxScales > 0, 1.0f / out.absmaxScales,
                                         torch::zeros_like(out.absmaxScales));
    out.absmaxCodes = torch::round(padded * inverse.unsqueeze(1))
                          .clamp(-127, 127)
                          .to(torch::kInt8)
                          .view({-1})
                          .narrow(0, 0, blocks)
                          .contiguous();
}

// float to bf16 rounding to nearest even, as c10::BFloat16 does for finite values, but
// without its NaN branch so that the conversion loop vectorises. A finite code times a
// finite absmax is never NaN.
inline c10::BFloat16 toBFloat16(float f)
{
    uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    bits += 0x7FFFu + ((bits >> 16) & 1u);
    return c10::BFloat16(uint16_t(bits >> 16), c10::BFloat16::from_bits());
}

// A block of floats to fp16 with the F16C instruction (round to nearest even, as
// c10::Half does); c10::Half's portable bit manipulation ran at a fifth of the speed.
#if defined(__x86_64__)
__attribute__((target("avx,f16c"))) void blockToHalfF16c(const float* in, c10::Half* out)
{
    for (int64_t i = 0; i < kNf4BlockSize; i += 8) {
        const __m128i half = _mm256_cvtps_ph(_mm256_loadu_ps(in + i), _MM_FROUND_TO_NEAREST_INT);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), half);
    }
}
#endif

void blockToHalf(const float* in, c10::Half* out)
{
#if defined(__x86_64__)
    static const bool hasF16c = __builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c");
    if (hasF16c) {
        blockToHalfF16c(in, out);
        return;
    }
#endif
    for (int64_t i = 0; i < kNf4BlockSize; ++i)
        out[i] = c10::Half(in[i]);
}

inline void decodeBlock(const uint8_t* in, float scale, float* out)
{
    const auto& table = pairTable();
    for (int64_t i = 0; i < kNf4BlockSize / 2; ++i) {
        const ValuePair pair = table[in[i]];
        out[2 * i] = pair.first * scale;
        out[2 * i + 1] = pair.second * scale;
    }
}

// Each block decodes into floats; a narrower output converts from a 64-float buffer in
// a second, contiguous loop, which the compiler vectorises where the interleaved one
// would not.
template <typename Out>
void dequantizeOnCpu(const uint8_t* codes, const float* absmax, Out* out, int64_t blocks)
{
    constexpr int64_t bytesPerBlock = kNf4BlockSize / 2;
    at::parallel_for(0, blocks, 64, [&](int64_t begin, int64_t end) {
        float buffer[kNf4BlockSize];
        for (int64_t block = begin; block < end; ++block) {
            const uint8_t* in = codes + block * bytesPerBlock;
            Out* o = out + block * kNf4BlockSize;
            if constexpr (std::is_same_v<Out, float>) {
                decodeBlock(in, absmax[block], o);
            } else {
                decodeBlock(in, absmax[block], buffer);
                if constexpr (std::is_same_v<Out, c10::BFloat16>) {
                    for (int64_t i = 0; i < kNf4BlockSize; ++i)
                        o[i] = toBFloat16(buffer[i]);
                } else {
                    blockToHalf(buffer, o);
                }
            }
        }
    });
}

} // namespace

const std::array<float, 16>& nf4CodeValues()
{
    return kNf4Values;
}

int64_t Nf4Tensor::numel() const
{
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    return n;
}

int64_t Nf4Tensor::bytes() const
{
    return int64_t(codes.nbytes() + absmaxCodes.nbytes() + absmaxScales.nbytes() + sizeof(absmaxMean));
}

double Nf4Tensor::bitsPerWeight() const
{
    return 8.0 * double(bytes()) / double(numel());
}

Nf4Tensor quantizeNf4(const torch::Tensor& weight, const std::string& name)
{
    const std::string shape = fmt::format("[{}]", fmt::join(weight.sizes(), ", "));
    if (!weight.defined() || weight.numel() == 0)
        throw Error::inField(name, "cannot quantise an empty tensor (shape " + shape + ") to NF4");
    if (!weight.is_floating_point())
        throw Error::inField(name, "NF4 quantises floating-point tensors, not " +
                                       std::string(c10::toString(weight.scalar_type())));
    if (weight.numel() % kNf4BlockSize != 0)
        throw Error::inField(name, fmt::format("NF4 needs a multiple of {} elements; shape {} has {}",
                                               kNf4BlockSize, shape, weight.numel()));
    if (!torch::isfinite(weight).all().item<bool>())
        throw Error::inField(name, "NF4 cannot hold infinite or NaN weights (shape " + shape + ")");

    Nf4Tensor out;
    out.shape = weight.sizes().vec();
    torch::NoGradGuard noGrad;
    torch::Tensor blocks = weight.detach().to(torch::kFloat).contiguous().view({-1, kNf4BlockSize});
    quantizeAbsmax(blocks.abs().amax(1), out);

    // Scale each block by its absmax as decoded, so the nearest code is the nearest
    // reconstruction. A decoded absmax of 0 decodes every weight of its block to 0.
    torch::Tensor absmax = dequantizeNf4Absmax(out).unsqueeze(1);
    torch::Tensor safeAbsmax = torch::where(absmax != 0, absmax, torch::ones_like(absmax));
    torch::Tensor scaled = (blocks / safeAbsmax).clamp(-1.0, 1.0);
    // The code nearest to x is the number of midpoints between neighbouring codes below x.
    auto values = torch::tensor(std::vector<float>(kNf4Values.begin(), kNf4Values.end()), scaled.options());
    torch::Tensor midpoints = (values.narrow(0, 0, 15) + values.narrow(0, 1, 15)) / 2;
    torch::Tensor nibbles = torch::bucketize(scaled, midpoints, /*out_int32=*/true).to(torch::kUInt8).view({-1, 2});
    out.codes = (nibbles.select(1, 0) * 16 + nibbles.select(1, 1)).contiguous();
    return out;
}

torch::Tensor dequantizeNf4Absmax(const Nf4Tensor& tensor)
{
    const int64_t blocks = tensor.absmaxCodes.numel();
    torch::Tensor scales = tensor.absmaxScales.repeat_interleave(kNf4AbsmaxBlockSize).narrow(0, 0, blocks);
    return tensor.absmaxCodes.to(torch::kFloat) * scales + tensor.absmaxMean;
}

torch::Tensor dequantizeNf4(const Nf4Tensor& tensor, torch::ScalarType dtype)
{
    checkLayout(tensor);
    const bool cpuLoop = tensor.codes.device().is_cpu() &&
                         (dtype == torch::kFloat || dtype == torch::kBFloat16 || dtype == torch::kHalf);
    if (!cpuLoop)
        return dequantizeNf4TorchOps(tensor, dtype);

    torch::Tensor absmax = dequantizeNf4Absmax(tensor).contiguous();
    torch::Tensor codes = tensor.codes.contiguous();
    torch::Tensor out = torch::empty(tensor.shape, torch::TensorOptions().dtype(dtype));
    const int64_t blocks = absmax.numel();
    const uint8_t* in = codes.data_ptr<uint8_t>();
    const float* scale = absmax.data_ptr<float>();
    if (dtype == torch::kFloat)
        dequantizeOnCpu(in, scale, out.data_ptr<float>(), blocks);
    else if (dtype == torch::kBFloat16)
        dequantizeOnCpu(in, scale, out.data_ptr<c10::BFloat16>(), blocks);
    else
        dequantizeOnCpu(in, scale, out.data_ptr<c10::Half>(), blocks);
    return out;
}

torch::Tensor dequantizeNf4TorchOps(const Nf4Tensor& tensor, torch::ScalarType dtype)
{
    checkLayout(tensor);
    auto floats = tensor.codes.options().dtype(torch::kFloat);
    auto values = torch::tensor(std::vector<float>(kNf4Values.begin(), kNf4Values.end()), floats);
    torch::Tensor nibbles = torch::stack({tensor.codes.__rshift__(4), tensor.codes.bitwise_and(15)}, 1).view({-1});
    torch::Tensor decoded = values.index_select(0, nibbles.to(torch::kLong)).view({-1, kNf4BlockSize});
    return (decoded * dequantizeNf4Absmax(tensor).unsqueeze(1)).to(dtype).view(tensor.shape);
}

} // namespace lw::quant
