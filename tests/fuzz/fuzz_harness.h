#pragma once
// One harness per parser feeds it bytes the way a user's file or a client's request
// would arrive. The same harnesses run under libFuzzer (fuzz_entry.cpp, clang build
// with sanitizers) and in the normal test suite, which replays every saved input of
// tests/fuzz/regressions/<name>/ and tests/fuzz/corpus/<name>/ (tests/fuzz/regression).
//
// A harness returns, or throws lw::Error for input it rightly refuses; that error must
// name the file it was given (every file lies in scratchFolder()). Anything else is a
// bug: another exception, a crash, a hang, a sanitizer report, or a broken invariant
// (reported with invariantBroken(), which throws InvariantBroken).
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lw::fuzz {

using Harness = void (*)(std::string_view input);

struct NamedHarness {
    const char* name; // also the folder name under corpus/ and regressions/
    Harness run;
};

// Records a harness; called before main() by LW_FUZZ_HARNESS.
bool registerHarness(const char* name, Harness run);
const std::vector<NamedHarness>& harnesses();

// A property the parser promises does not hold for this input.
class InvariantBroken : public std::logic_error {
public:
    using std::logic_error::logic_error;
};
[[noreturn]] void invariantBroken(const std::string& what);

// Parsers that read files get them from a folder of this process's own (removed at
// exit). Writes `bytes` to `name` in it and returns the path.
std::string writeScratchFile(const std::string& name, std::string_view bytes);
std::string scratchFolder();

// True when a refusal's message names a file of scratchFolder().
bool namesInputFile(std::string_view message);

// Inputs that hold several files separate them with this line; missing parts are empty.
inline constexpr std::string_view kPartSeparator = "\n--8<--\n";
std::vector<std::string_view> splitParts(std::string_view input, size_t count);

// Takes the first byte of `input` (0 when empty) as a small option value.
unsigned char takeOptionByte(std::string_view& input);

} // namespace lw::fuzz

#define LW_FUZZ_HARNESS(name, function)                                                                    \
    namespace {                                                                                            \
    const bool lwFuzzHarnessRegistered_##name = ::lw::fuzz::registerHarness(#name, function);              \
    }
