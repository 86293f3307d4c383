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

// Call first thing in main(). May replace the process (execv) with itself, once, with
// the settings that the BLAS and OpenMP libraries read only when they are loaded:
//  * OPENBLAS_CORETYPE: the best kernel family the CPU supports, when the kernels in use
//    do not match it (unless LLMWB_NO_BLAS_FIX or OPENBLAS_CORETYPE is set);
//  * with shortSpinWait, GOMP_SPINCOUNT=10000 (unless GOMP_SPINCOUNT or OMP_WAIT_POLICY
//    is set): libgomp's default busy-wait of some 300k spins at every barrier takes the
//    cores from other threads and processes; two jobs on two cores measured 2-3x slower
//    with it, and far slower with two spinning jobs. Worth a second start (some 0.7
//    CPU-seconds of LibTorch's initialisation) only for long jobs.
void ensureFastRuntime(char** argv, bool shortSpinWait);

BlasInfo blasInfo();

// Sets the intra-op thread count of LibTorch and of OpenBLAS (<= 0: all physical cores).
int configureThreads(int threads);

// Number of online CPU cores.
int hardwareThreads();

} // namespace lw::util
