#pragma once
// The life of a run: created -> running (<-> paused) -> one of the end states.
// 'interrupted' is set by Store::reconcileInterruptedRuns() for a run whose process
// died without recording an end (killed, crashed, machine rebooted).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::store {

enum class RunStatus {
    Created,
    Running,
    Paused,
    Completed,
    Cancelled,
    Diverged,
    Failed,
    Interrupted
};

std::string_view runStatusToString(RunStatus status);                // "running", ...
std::optional<RunStatus> runStatusFromString(std::string_view text); // nullopt when unknown
RunStatus parseRunStatus(std::string_view text);                     // lw::Error when unknown
const std::vector<RunStatus>& allRunStatuses();

// True for the states a run never leaves by itself (it has an end time).
bool isFinished(RunStatus status);

} // namespace lw::store
