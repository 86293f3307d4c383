#pragma once
// The commands a worker reads on standard input with --events (docs/events.md): one
// JSON object per line, {"command": "pause" | "resume" | "cancel"}. Kept apart from the
// thread that reads them (control_channel.cpp) so that the parsing is tested and fuzzed
// on its own (tests/fuzz).
#include <string>
#include <string_view>

namespace lw::cli {

enum class ControlCommand { None, Pause, Resume, Cancel };

// The command a line asks for. Anything else (not JSON, not an object, no string
// "command", an unknown name) is None: such lines are ignored.
ControlCommand parseControlCommand(const std::string& line);

// Cuts the bytes of standard input, in the pieces read() returns them, into lines.
class ControlLineSplitter {
public:
    void append(std::string_view bytes) { m_pending.append(bytes); }
    // The next complete line, without its '\n'; false while none is complete.
    bool nextLine(std::string& line);

private:
    std::string m_pending;
};

} // namespace lw::cli
