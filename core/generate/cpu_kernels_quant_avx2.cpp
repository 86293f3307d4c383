// The quantized kernels for AVX2 CPUs without VNNI: byte dot products with vpmaddubsw
// and vpmaddwd. Compiled with a file-wide target pragma after the shared headers, and
// only called after the CPU has been checked.
#include "core/generate/cpu_kernels_quant_isa.h"

#if defined(__x86_64__)

#include "core/quant/nf4_values.h"

#include <cstring>
#include <immintrin.h>

#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c,bmi2")

#include "core/generate/cpu_kernels_quant_tiles.h"

#define LW_QUANT_DOT_BYTES(acc, u, s) \
    _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1)))

namespace lw::generate::kernels::avx2 {

#include "core/generate/cpu_kernels_quant_x86.inc"

void quantRows(const WeightMatrix& w, const QuantInput& in, const QuantOutput& out, int64_t r0, int64_t r1)
{
    quantRows256(w, in, out, r0, r1);
}

} // namespace lw::generate::kernels::avx2

#pragma GCC pop_options

namespace lw::generate::kernels::avx2 {

bool quantAvailable()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c") &&
           __builtin_cpu_supports("bmi2");
}

bool quantVnniAvailable()
{
    return quantAvailable() && __builtin_cpu_supports("avxvnni");
}

} // namespace lw::generate::kernels::avx2

#else // not x86-64: never available, so never called

namespace lw::generate::kernels::avx2 {
bool quantAvailable() { return false; }
bool quantVnniAvailable() { return false; }
void quantRows(const WeightMatrix&, const QuantInput&, const QuantOutput&, int64_t, int64_t) {}
} // namespace lw::generate::kernels::avx2

#endif
