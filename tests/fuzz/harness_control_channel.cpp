// The commands a worker reads on standard input (app/cli/control_command.h), arriving
// in pieces of any size: the option byte is the size of the pieces (1 to 256 bytes).
// However the bytes are cut, the lines are the same, and every line parses to a command
// or to None without throwing.
#include "app/cli/control_command.h"
#include "fuzz_harness.h"

namespace {

using lw::fuzz::invariantBroken;

void fuzzControlChannel(std::string_view input)
{
    const size_t pieceBytes = 1 + lw::fuzz::takeOptionByte(input);
    lw::cli::ControlLineSplitter splitter;
    std::vector<std::string> lines;
    std::string line;
    for (size_t at = 0; at < input.size(); at += pieceBytes) {
        splitter.append(input.substr(at, pieceBytes));
        while (splitter.nextLine(line))
            lines.push_back(line);
    }
    // The same lines, cut at once.
    size_t expected = 0, start = 0;
    for (size_t newline = input.find('\n'); newline != std::string_view::npos; newline = input.find('\n', start)) {
        if (expected >= lines.size() || lines[expected] != input.substr(start, newline - start))
            invariantBroken("line " + std::to_string(expected + 1) + " depends on how the input was cut");
        ++expected;
        start = newline + 1;
    }
    if (expected != lines.size())
        invariantBroken("more lines than the input has");
    for (const std::string& l : lines)
        (void)lw::cli::parseControlCommand(l); // never throws: bad lines are None
}

} // namespace

LW_FUZZ_HARNESS(control_channel, fuzzControlChannel)
