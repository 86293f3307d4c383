#include "app/cli/control_command.h"

#include <nlohmann/json.hpp>

namespace lw::cli {

ControlCommand parseControlCommand(const std::string& line)
{
    const nlohmann::json command = nlohmann::json::parse(line, nullptr, false);
    if (!command.is_object())
        return ControlCommand::None;
    const auto name = command.find("command");
    if (name == command.end() || !name->is_string())
        return ControlCommand::None;
    const std::string& value = name->get_ref<const std::string&>();
    if (value == "pause")
        return ControlCommand::Pause;
    if (value == "resume")
        return ControlCommand::Resume;
    if (value == "cancel")
        return ControlCommand::Cancel;
    return ControlCommand::None;
}

bool ControlLineSplitter::nextLine(std::string& line)
{
    const size_t newline = m_pending.find('\n');
    if (newline == std::string::npos)
        return false;
    line.assign(m_pending, 0, newline);
    m_pending.erase(0, newline + 1);
    return true;
}

} // namespace lw::cli
