// libFuzzer's entry point for a fuzz target: the one harness linked into it, with input
// the parser rightly refuses (an lw::Error naming the file) counted as handled. Any
// other exception ends the process (std::terminate), which libFuzzer records as a crash
// with its input.
#include "core/util/error.h"
#include "fuzz_harness.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const lw::fuzz::Harness harness = [] {
        const auto& all = lw::fuzz::harnesses();
        if (all.size() != 1) {
            std::fprintf(stderr, "a fuzz target links exactly one harness, found %zu\n", all.size());
            std::abort();
        }
        return all.front().run;
    }();
    try {
        harness(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const lw::Error& e) {
        if (!lw::fuzz::namesInputFile(e.what())) {
            std::fprintf(stderr, "refused with an lw::Error that names no input file: %s\n", e.what());
            std::abort();
        }
    }
    return 0;
}
