#pragma once
#include <string>

namespace lw::util {

// $XDG_DATA_HOME/llm-workbench (or ~/.local/share/llm-workbench).
std::string dataHomeDir();
// The folder name of the default project inside a data folder.
inline constexpr const char* kDefaultProjectName = "default";
// The project used when no --project is given: <dataHomeDir>/default. The app's first
// start opens it too (with the demo project in it), so both see the same runs.
std::string defaultProjectDir();
// Absolute path of the running executable (/proc/self/exe).
std::string executablePath();
// Directory of the running executable.
std::string executableDir();
// Host name, for run records.
std::string hostName();

} // namespace lw::util
