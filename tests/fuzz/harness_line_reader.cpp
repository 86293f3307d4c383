// Lines of the record importer (core/records/line_reader.h), the bytes arriving in
// chunks of 1 to 64 bytes (option byte, bits 0-5) and the line limit set from the second
// option byte (1 to 256 bytes, as small as loadSplits' limit). The lines must be those
// of a plain split at "\n" with one "\r" dropped before it, numbered from 1; a line
// longer than the limit must be refused with an error naming its line, and nothing
// after it handed out.
#include "core/records/line_reader.h"
#include "core/util/error.h"
#include "fuzz_harness.h"
#include "memory_byte_source.h"

#include <vector>

namespace {

using lw::fuzz::invariantBroken;

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const size_t newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        if (newline == std::string_view::npos)
            break;
        text.remove_prefix(newline + 1);
    }
    return lines;
}

void fuzzLineReader(std::string_view input)
{
    const size_t chunkBytes = 1 + (lw::fuzz::takeOptionByte(input) & 63);
    const size_t maxLineBytes = 1 + size_t(lw::fuzz::takeOptionByte(input));
    const std::string path = lw::fuzz::writeScratchFile("input.jsonl", input);
    const std::vector<std::string_view> expected = splitLines(input);

    lw::fuzz::MemoryByteSource source(input, chunkBytes);
    lw::records::LineReader reader(source, path, maxLineBytes);
    size_t count = 0;
    std::string_view line;
    try {
        while (reader.next(line)) {
            if (count >= expected.size() || line != expected[count])
                invariantBroken("line " + std::to_string(count + 1) + " differs from a plain split of the bytes");
            if (line.size() > maxLineBytes)
                invariantBroken("a line longer than the limit was handed out");
            if (reader.lineNumber() != int64_t(count + 1))
                invariantBroken("the line number is not the line's place in the file");
            ++count;
        }
    } catch (const lw::Error& e) {
        if (count >= expected.size() || expected[count].size() <= maxLineBytes)
            invariantBroken(std::string("refused a line within the limit: ") + e.what());
        if (std::string(e.what()).find(":" + std::to_string(count + 1) + ":") == std::string::npos)
            invariantBroken(std::string("the refusal does not name the long line: ") + e.what());
        throw;
    }
    if (count != expected.size())
        invariantBroken("fewer lines than the file holds");
}

} // namespace

LW_FUZZ_HARNESS(line_reader, fuzzLineReader)
