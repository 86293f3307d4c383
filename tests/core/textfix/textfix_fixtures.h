#pragma once
// The fixtures fixtures/make_fixtures.py wrote: damaged lines with what their repair
// must give, and whole files in legacy encodings.
#include "core/util/atomic_file.h"
#include "core/util/json_io.h"
#include "test_paths.h"

#include <string>
#include <vector>

namespace lw::test {

inline std::string textfixFixture(const std::string& name)
{
    return std::string(sourceDir()) + "/tests/core/textfix/fixtures/" + name;
}

// The file's lines, without their '\n' (the fixtures end every line with one).
inline std::vector<std::string> fixtureLines(const std::string& name)
{
    const std::string text = util::readFile(textfixFixture(name));
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

// lines.expected.jsonl: one {"line", "status", "cause"} per line, then {"counts", "causes"}.
struct ExpectedLines {
    std::vector<util::Json> lines;
    util::Json totals;
};

inline ExpectedLines expectedLines()
{
    ExpectedLines expected;
    for (const std::string& row : fixtureLines("lines.expected.jsonl")) {
        util::Json j = util::parseJson(row, "lines.expected.jsonl");
        if (j.contains("counts"))
            expected.totals = j;
        else
            expected.lines.push_back(j);
    }
    return expected;
}

} // namespace lw::test
