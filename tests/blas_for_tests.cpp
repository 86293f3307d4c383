// Linked into every test program: before main() runs, make sure OpenBLAS uses the
// kernels this CPU supports (see core/util/blas_setup.h), as the applications do.
#include "core/util/blas_setup.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

struct FastBlasForTests {
    FastBlasForTests()
    {
        std::ifstream in("/proc/self/cmdline", std::ios::binary);
        std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::vector<std::string> args;
        size_t start = 0;
        for (size_t i = 0; i < all.size(); ++i)
            if (all[i] == '\0') {
                args.push_back(all.substr(start, i - start));
                start = i + 1;
            }
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        lw::util::ensureFastRuntime(argv.data(), false);
    }
} fastBlasForTests;

} // namespace
