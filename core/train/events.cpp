#include "core/train/events.h"

#include <chrono>

namespace lw::train {

double unixTime()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

nlohmann::json makeEvent(const std::string& type)
{
    return {{"v", kEventProtocolVersion}, {"event", type}, {"time", unixTime()}};
}

} // namespace lw::train
