// The quantized kernels for AVX2 CPUs with AVX-VNNI: byte dot products with the VEX
// vpdpbusd. Compiled with a file-wide target pragma after the shared headers, and only
// called after the CPU has been checked.
#include "core/generate/cpu_kernels_quant_isa.h"

#if defined(__x86_64__)

#include "core/quant/nf4_values.h"

#include <cstring>
#include <immintrin.h>

#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c,bmi2,avxvnni")

#include "core/generate/cpu_kernels_quant_tiles.h"

#define LW_QUANT_DOT_BYTES(acc, u, s) _mm256_dpbusd_avx_epi32(acc, u, s)

namespace lw::generate::kernels::avx2 {

namespace vnni {
#include "core/generate/cpu_kernels_quant_x86.inc"
} // namespace vnni

void quantRowsVnni(const WeightMatrix& w, const QuantInput& in, const QuantOutput& out, int64_t r0, int64_t r1)
{
    vnni::quantRows256(w, in, out, r0, r1);
}

} // namespace lw::generate::kernels::avx2

#pragma GCC pop_options

#else // not x86-64: never available, so never called

namespace lw::generate::kernels::avx2 {
void quantRowsVnni(const WeightMatrix&, const QuantInput&, const QuantOutput&, int64_t, int64_t) {}
} // namespace lw::generate::kernels::avx2

#endif
