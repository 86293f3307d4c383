#pragma once
// LibTorch on Debian multiplies matrices through the system libblas.so.3. Two measured
// traps live here:
//  * with the reference BLAS a 1024^3 sgemm runs at ~6 GFLOP/s (OpenBLAS: 90+ per core);
//  * OpenBLAS 0.3.21 does not recognise some current Xeon models and falls back to its
//    generic "Prescott" kernels, 5x slower than its SkylakeX ones on the same core.
// OpenBLAS picks its kernels when it is loaded, so the fix is to set OPENBLAS_CORETYPE
// and re-execute the program once, before anything else runs.
#include <string>

namespace lw::util {

struct BlasInfo {
    std::string library;  // "openblas" or "reference" (or "unknown")
    std::string coreName; // OpenBLAS kernel family in use, e.g. "SkylakeX"
    std::string warning;  // non-empty when matrix products will be slow
};

// Call first thing in main(). May replace the process (execv) with itself, with
// OPENBLAS_CORETYPE set to the best kernel family the CPU supports. Does nothing when
// LLMWB_NO_BLAS_FIX is set, when OPENBLAS_CORETYPE is already set, or when the kernels
// in use already match the CPU.
void ensureFastBlas(char** argv);

BlasInfo blasInfo();

// Sets the intra-op thread count of LibTorch and of OpenBLAS (<= 0: all physical cores).
int configureThreads(int threads);

// Number of online CPU cores.
int hardwareThreads();

} // namespace lw::util
