#include "core/gguf/ggml_convert.h"

#include "core/util/error.h"

#include <cstring>
#include <immintrin.h>

namespace lw::gguf {

namespace {

using u16 = uint16_t;

// Converting a value to its own 16-bit format goes through float32 and back, which
// keeps every value but sets the quiet bit of a NaN (floatToHalf, floatToBf16): so do
// these, as selects the compiler vectorises.
void quietHalves(const u16* __restrict in, u16* __restrict out, uint64_t n)
{
    for (uint64_t i = 0; i < n; ++i)
        out[i] = (in[i] & 0x7fff) > 0x7c00 ? u16(in[i] | 0x200) : in[i];
}

void quietBf16s(const u16* __restrict in, u16* __restrict out, uint64_t n)
{
    for (uint64_t i = 0; i < n; ++i)
        out[i] = (in[i] & 0x7fff) > 0x7f80 ? u16(in[i] | 0x40) : in[i];
}

void bf16sToFloats(const u16* __restrict in, float* __restrict out, uint64_t n)
{
    for (uint64_t i = 0; i < n; ++i) {
        const uint32_t bits = uint32_t(in[i]) << 16;
        std::memcpy(&out[i], &bits, sizeof bits);
    }
}

// floatToBf16 with its NaN branch as a select, so the loop vectorises.
void floatsToBf16s(const float* __restrict in, u16* __restrict out, uint64_t n)
{
    for (uint64_t i = 0; i < n; ++i) {
        uint32_t bits;
        std::memcpy(&bits, &in[i], sizeof bits);
        const u16 rounded = u16((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
        out[i] = (bits & 0x7fffffffu) > 0x7f800000u ? u16((bits >> 16) | 0x40u) : rounded;
    }
}

// The conversions whose portable form is the scalar function itself.
template <class In, class Out, Out (*convert)(In)>
void eachValue(const In* __restrict in, Out* __restrict out, uint64_t n)
{
    for (uint64_t i = 0; i < n; ++i)
        out[i] = convert(in[i]);
}

u16 bf16ToHalf(u16 b) { return floatToHalf(bf16ToFloat(b)); }
u16 halfToBf16(u16 h) { return floatToBf16(halfToFloat(h)); }

// F16C: vcvtps2ph with round-to-nearest-even gives floatToHalf's bits for every float,
// NaNs included (both keep the top ten payload bits and set the quiet bit). vcvtph2ps
// quiets a signalling NaN, which halfToFloat does not, so NaN lanes are rebuilt.
__attribute__((target("avx2,f16c"))) void floatsToHalvesF16c(const float* in, u16* out, uint64_t n)
{
    uint64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(in + i), _MM_FROUND_TO_NEAREST_INT);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), h);
    }
    for (; i < n; ++i)
        out[i] = floatToHalf(in[i]);
}

__attribute__((target("avx2,f16c"))) void bf16sToHalvesF16c(const u16* in, u16* out, uint64_t n)
{
    uint64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
        const __m256 f = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(b), 16));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm256_cvtps_ph(f, _MM_FROUND_TO_NEAREST_INT));
    }
    for (; i < n; ++i)
        out[i] = bf16ToHalf(in[i]);
}

__attribute__((target("avx2,f16c"))) void halvesToFloatsF16c(const u16* in, float* out, uint64_t n)
{
    const __m256i magnitudeMask = _mm256_set1_epi32(0x7fff), infinity = _mm256_set1_epi32(0x7c00);
    uint64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
        const __m256 converted = _mm256_cvtph_ps(h);
        const __m256i wide = _mm256_cvtepu16_epi32(h);
        const __m256i nan = _mm256_cmpgt_epi32(_mm256_and_si256(wide, magnitudeMask), infinity);
        // sign, all-ones exponent, the payload as it is
        const __m256i exact = _mm256_or_si256(
            _mm256_or_si256(_mm256_slli_epi32(_mm256_and_si256(wide, _mm256_set1_epi32(0x8000)), 16),
                            _mm256_set1_epi32(0x7f800000)),
            _mm256_slli_epi32(_mm256_and_si256(wide, _mm256_set1_epi32(0x3ff)), 13));
        _mm256_storeu_ps(out + i, _mm256_blendv_ps(converted, _mm256_castsi256_ps(exact), _mm256_castsi256_ps(nan)));
    }
    for (; i < n; ++i)
        out[i] = halfToFloat(in[i]);
}

bool cpuHasF16c()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("f16c");
}

void requirePlainFloat(GgmlType type)
{
    if (!isPlainFloat(type))
        throw Error(std::string("convertFloats: ") + ggmlTypeInfo(type).name + " is not f32, f16 or bf16");
}

void convertWith(GgmlType from, const void* in, GgmlType to, void* out, uint64_t n, bool f16c)
{
    requirePlainFloat(from);
    requirePlainFloat(to);
    using T = GgmlType;
    const auto* f = static_cast<const float*>(in);
    const auto* h = static_cast<const u16*>(in);
    auto* fo = static_cast<float*>(out);
    auto* ho = static_cast<u16*>(out);
    if (from == to && from == T::F32)
        return void(std::memcpy(out, in, n * sizeof(float)));
    if (from == to)
        return from == T::F16 ? quietHalves(h, ho, n) : quietBf16s(h, ho, n);
    if (to == T::F32)
        return from == T::BF16 ? bf16sToFloats(h, fo, n)
               : f16c          ? halvesToFloatsF16c(h, fo, n)
                               : eachValue<u16, float, halfToFloat>(h, fo, n);
    if (to == T::BF16)
        return from == T::F32 ? floatsToBf16s(f, ho, n) : eachValue<u16, u16, halfToBf16>(h, ho, n);
    // to F16
    if (from == T::F32)
        return f16c ? floatsToHalvesF16c(f, ho, n) : eachValue<float, u16, floatToHalf>(f, ho, n);
    return f16c ? bf16sToHalvesF16c(h, ho, n) : eachValue<u16, u16, bf16ToHalf>(h, ho, n);
}

} // namespace

bool isPlainFloat(GgmlType type)
{
    return type == GgmlType::F32 || type == GgmlType::F16 || type == GgmlType::BF16;
}

bool convertsToItself(GgmlType type, const void* in, uint64_t count)
{
    requirePlainFloat(type);
    if (type == GgmlType::F32)
        return true;
    // The conditions of quietHalves and quietBf16s: a NaN whose quiet bit is clear.
    const u16 exponentAll = type == GgmlType::F16 ? 0x7c00 : 0x7f80, quietBit = type == GgmlType::F16 ? 0x200 : 0x40;
    const auto* h = static_cast<const u16*>(in);
    bool signalling = false;
    for (uint64_t i = 0; i < count; ++i) // no early exit: the loop stays a vectorised scan
        signalling |= (h[i] & 0x7fff) > exponentAll && !(h[i] & quietBit);
    return !signalling;
}

bool convertFloatsUsesF16c()
{
    static const bool has = cpuHasF16c();
    return has;
}

void convertFloats(GgmlType from, const void* in, GgmlType to, void* out, uint64_t count)
{
    convertWith(from, in, to, out, count, convertFloatsUsesF16c());
}

namespace detail {
void convertFloatsPortable(GgmlType from, const void* in, GgmlType to, void* out, uint64_t count)
{
    convertWith(from, in, to, out, count, false);
}
} // namespace detail

} // namespace lw::gguf
