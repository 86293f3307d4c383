#pragma once
#include <string>

namespace lw::util {

// $XDG_DATA_HOME/llm-workbench (or ~/.local/share/llm-workbench).
std::string dataHomeDir();
// The project used when no --project is given: <dataHomeDir>/default.
std::string defaultProjectDir();
// Absolute path of the running executable (/proc/self/exe).
std::string executablePath();
// Directory of the running executable.
std::string executableDir();
// Host name, for run records.
std::string hostName();

} // namespace lw::util
