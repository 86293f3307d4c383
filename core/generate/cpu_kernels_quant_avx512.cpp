// The quantized kernels for AVX-512 CPUs with VNNI: byte dot products with the EVEX
// vpdpbusd, on 256-bit vectors (one 32-element block per register, the shared x86
// kernels) and, where the CPU also has VBMI (vpermb), on 512-bit vectors holding two
// blocks (cpu_kernels_quant_zmm.inc). Compiled with a file-wide target pragma after the
// shared headers, and only called after the CPU has been checked.
#include "core/generate/cpu_kernels_isa.h"
#include "core/generate/cpu_kernels_quant_isa.h"

#if defined(__x86_64__)

#include "core/quant/nf4_values.h"

#include <cstring>
#include <immintrin.h>

// GCC 12's AVX-512 headers build some intrinsics from deliberately undefined registers
// and then warn about them.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c,bmi2,avx512f,avx512bw,avx512vl,avx512dq,avx512vnni")

#include "core/generate/cpu_kernels_quant_tiles.h"

#define LW_QUANT_DOT_BYTES(acc, u, s) _mm256_dpbusd_epi32(acc, u, s)

namespace lw::generate::kernels::avx512 {

#include "core/generate/cpu_kernels_quant_x86.inc"

void quantRows(const WeightMatrix& w, const QuantInput& in, const QuantOutput& out, int64_t r0, int64_t r1)
{
    quantRows256(w, in, out, r0, r1);
}

} // namespace lw::generate::kernels::avx512

#pragma GCC pop_options

// The 512-bit kernels also need VBMI: a target of their own, so nothing above uses it.
#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c,bmi2,avx512f,avx512bw,avx512vl,avx512dq,avx512vnni,avx512vbmi")

namespace lw::generate::kernels::avx512 {

#include "core/generate/cpu_kernels_quant_zmm.inc"

void quantRowsWide(const WeightMatrix& w, const QuantInput& in, const QuantOutput& out, int64_t r0, int64_t r1)
{
    quantRows512(w, in, out, r0, r1);
}

} // namespace lw::generate::kernels::avx512

#pragma GCC pop_options

namespace lw::generate::kernels::avx512 {

bool quantAvailable()
{
    __builtin_cpu_init();
    return available() && __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("f16c") &&
           __builtin_cpu_supports("fma");
}

bool quantWideAvailable()
{
    return quantAvailable() && __builtin_cpu_supports("avx512vbmi");
}

} // namespace lw::generate::kernels::avx512

#else // not x86-64: never available, so never called

namespace lw::generate::kernels::avx512 {
bool quantAvailable() { return false; }
bool quantWideAvailable() { return false; }
void quantRows(const WeightMatrix&, const QuantInput&, const QuantOutput&, int64_t, int64_t) {}
void quantRowsWide(const WeightMatrix&, const QuantInput&, const QuantOutput&, int64_t, int64_t) {}
} // namespace lw::generate::kernels::avx512

#endif
