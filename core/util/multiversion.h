#pragma once
// Function multi-versioning for the plain-loop kernels: each function marked
// LW_MULTIVERSION is compiled three times and the loader picks the best one for the CPU
// it runs on. x86-64-v3 is AVX2 with FMA (Haswell, Zen 1-3): naming "avx2" and "fma" as
// two clones would build an AVX2 clone without FMA and an FMA clone that is never
// picked. Files with such kernels compile with -fno-trapping-math: under the default,
// GCC leaves a loop with a clamp or a select scalar except where AVX-512 masks it.
// The x86-64-v3 level also asks for BMI1/2, LZCNT and MOVBE, which every AVX2 CPU
// sold has. Clang before 19 resolves "arch=" clones by vendor, not by features, so it
// keeps the AVX2 clone (without FMA) it picks correctly.
#if defined(__clang__) && __clang_major__ < 19
#define LW_MULTIVERSION __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define LW_MULTIVERSION __attribute__((target_clones("avx512f", "arch=x86-64-v3", "default")))
#endif
