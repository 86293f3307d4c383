#pragma once
// Function multi-versioning for the plain-loop kernels: each function marked
// LW_MULTIVERSION is compiled three times and the loader picks the best one for the CPU
// it runs on. x86-64-v3 is AVX2 with FMA (Haswell, Zen 1-3): naming "avx2" and "fma" as
// two clones would build an AVX2 clone without FMA and an FMA clone that is never
// picked. The loops must be free of branches around calls (compute both sides, then
// select), or GCC vectorises them only where AVX-512 masks the branch.
#define LW_MULTIVERSION __attribute__((target_clones("avx512f", "arch=x86-64-v3", "default")))
