#include "core/util/paths.h"

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace lw::util {

std::string dataHomeDir()
{
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::string(xdg) + "/llm-workbench";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.local/share/llm-workbench";
    return std::filesystem::temp_directory_path().string() + "/llm-workbench";
}

std::string defaultProjectDir()
{
    return dataHomeDir() + "/" + kDefaultProjectName;
}

std::string executablePath()
{
    std::error_code ec;
    auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : p.string();
}

std::string executableDir()
{
    return std::filesystem::path(executablePath()).parent_path().string();
}

std::string hostName()
{
    char buffer[256] = {};
    if (::gethostname(buffer, sizeof buffer - 1) != 0)
        return "unknown";
    return buffer;
}

} // namespace lw::util
