#include "core/store/run_status.h"

#include "core/util/error.h"

#include <array>
#include <utility>

namespace lw::store {

namespace {
constexpr std::array<std::pair<RunStatus, std::string_view>, 8> kNames{{
    {RunStatus::Created, "created"},
    {RunStatus::Running, "running"},
    {RunStatus::Paused, "paused"},
    {RunStatus::Completed, "completed"},
    {RunStatus::Cancelled, "cancelled"},
    {RunStatus::Diverged, "diverged"},
    {RunStatus::Failed, "failed"},
    {RunStatus::Interrupted, "interrupted"},
}};
} // namespace

std::string_view runStatusToString(RunStatus status)
{
    for (const auto& [value, name] : kNames)
        if (value == status)
            return name;
    return "unknown";
}

std::optional<RunStatus> runStatusFromString(std::string_view text)
{
    for (const auto& [value, name] : kNames)
        if (name == text)
            return value;
    return std::nullopt;
}

RunStatus parseRunStatus(std::string_view text)
{
    if (auto status = runStatusFromString(text))
        return *status;
    std::string known;
    for (const auto& entry : kNames)
        known += (known.empty() ? "" : ", ") + std::string(entry.second);
    throw Error::inField(
        "status", "unknown run status '" + std::string(text) + "' (known: " + known + ")");
}

const std::vector<RunStatus>& allRunStatuses()
{
    static const std::vector<RunStatus> all = [] {
        std::vector<RunStatus> list;
        for (const auto& entry : kNames)
            list.push_back(entry.first);
        return list;
    }();
    return all;
}

bool isFinished(RunStatus status)
{
    switch (status) {
    case RunStatus::Completed:
    case RunStatus::Cancelled:
    case RunStatus::Diverged:
    case RunStatus::Failed:
    case RunStatus::Interrupted:
        return true;
    default:
        return false;
    }
}

} // namespace lw::store
