// A version's split assignment read back (core/records/splits.h, loadSplits): the file
// splits.txt with one split name per row. The option byte is the number of rows the
// version's manifest declares (0 to 255). The assignment must be accepted exactly when a
// plain reading accepts it (every line, "\r" dropped, is train, validation or test, and
// there are as many lines as rows), and then hold exactly those splits.
#include "core/records/splits.h"
#include "core/util/error.h"
#include "fuzz_harness.h"

#include <algorithm>
#include <optional>
#include <vector>

namespace {

using lw::fuzz::invariantBroken;
using lw::records::Split;

std::optional<std::vector<Split>> plainReading(std::string_view text)
{
    // In the order of the Split values.
    constexpr std::string_view kNames[] = {"train", "validation", "test"};
    std::vector<Split> splits;
    while (!text.empty()) {
        const size_t newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        const auto* name = std::find(std::begin(kNames), std::end(kNames), line);
        if (name == std::end(kNames))
            return std::nullopt;
        splits.push_back(Split(name - std::begin(kNames)));
        if (newline == std::string_view::npos)
            break;
        text.remove_prefix(newline + 1);
    }
    return splits;
}

void fuzzSplits(std::string_view input)
{
    lw::records::DatasetVersion version;
    version.rows = lw::fuzz::takeOptionByte(input);
    version.dir = lw::fuzz::scratchFolder() + "/version";
    lw::fuzz::writeScratchFile("version/splits.txt", input);
    std::optional<std::vector<Split>> expected = plainReading(input);
    if (expected && int64_t(expected->size()) != version.rows)
        expected.reset();
    std::vector<Split> splits;
    try {
        splits = lw::records::loadSplits(version);
    } catch (const lw::Error&) {
        if (expected)
            invariantBroken("a valid assignment was refused");
        throw;
    }
    if (!expected)
        invariantBroken("an assignment a plain reading refuses was accepted");
    if (splits != *expected)
        invariantBroken("the splits read differ from the file's lines");
}

} // namespace

LW_FUZZ_HARNESS(splits, fuzzSplits)
