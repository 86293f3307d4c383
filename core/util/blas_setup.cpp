#include "core/util/blas_setup.h"

#include "core/util/paths.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <thread>
#include <torch/torch.h>
#include <unistd.h>

namespace lw::util {

namespace {

using CoreNameFn = char* (*)();
using SetThreadsFn = void (*)(int);

std::string openblasCoreName()
{
    auto fn = reinterpret_cast<CoreNameFn>(::dlsym(RTLD_DEFAULT, "openblas_get_corename"));
    if (!fn)
        return {};
    const char* name = fn();
    return name ? std::string(name) : std::string();
}

std::string bestCoreTypeForCpu()
{
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return "Haswell";
    return {};
}

bool isWeakerThan(const std::string& inUse, const std::string& best)
{
    // Generic or pre-AVX2 kernel families that OpenBLAS falls back to on unknown CPUs.
    static const char* generic[] = {"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem",
                                    "Atom", "Katmai", "Coppermine", "Northwood", "Banias", "Sandybridge"};
    for (const char* g : generic)
        if (strcasecmp(inUse.c_str(), g) == 0)
            return true;
    return best == "SkylakeX" && strcasecmp(inUse.c_str(), "Haswell") == 0;
}

} // namespace

void ensureFastRuntime(char** argv, bool shortSpinWait)
{
    bool changed = false;
    if (!std::getenv("LLMWB_NO_BLAS_FIX") && !std::getenv("OPENBLAS_CORETYPE")) {
        const std::string inUse = openblasCoreName();
        const std::string best = bestCoreTypeForCpu();
        if (!inUse.empty() && !best.empty() && isWeakerThan(inUse, best)) {
            ::setenv("OPENBLAS_CORETYPE", best.c_str(), 1);
            changed = true;
        }
    }
    if (shortSpinWait && !std::getenv("GOMP_SPINCOUNT") && !std::getenv("OMP_WAIT_POLICY")) {
        ::setenv("GOMP_SPINCOUNT", "10000", 1);
        changed = true;
    }
    if (!changed)
        return;
    std::string self = executablePath();
    if (self.empty())
        return;
    ::execv(self.c_str(), argv);
    // execv only returns on failure; carry on with the slower settings.
}

BlasInfo blasInfo()
{
    BlasInfo info;
    info.coreName = openblasCoreName();
    if (!info.coreName.empty()) {
        info.library = "openblas";
        std::string best = bestCoreTypeForCpu();
        if (!best.empty() && isWeakerThan(info.coreName, best))
            info.warning = "OpenBLAS uses its " + info.coreName + " kernels on a CPU that supports " + best +
                           "; set OPENBLAS_CORETYPE=" + best + " for several times faster training";
    } else if (::dlsym(RTLD_DEFAULT, "sgemm_")) {
        info.library = "reference";
        info.warning = "the reference BLAS is in use and matrix products are ~20x slower; "
                       "install libopenblas0-openmp";
    } else {
        info.library = "unknown";
    }
    return info;
}

int hardwareThreads()
{
    long n = ::sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? static_cast<int>(n) : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

int configureThreads(int threads)
{
    if (threads <= 0)
        threads = hardwareThreads();
    torch::set_num_threads(threads);
    if (auto fn = reinterpret_cast<SetThreadsFn>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
        fn(threads);
    return threads;
}

} // namespace lw::util
