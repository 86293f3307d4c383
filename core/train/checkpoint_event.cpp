#include "core/train/checkpoint_event.h"

#include "core/train/events.h"

#include <algorithm>
#include <filesystem>

namespace lw::train {

nlohmann::json checkpointEvent(const std::string& kind, int64_t step, const std::string& path,
                               const CheckpointFileInfo& info, const std::vector<std::string>& removed)
{
    auto e = makeEvent("checkpoint");
    e["kind"] = kind;
    e["step"] = step;
    e["path"] = path;
    e["bytes"] = info.bytes;
    e["sha256"] = info.sha256;
    e["removed"] = removed;
    return e;
}

std::vector<std::string> removeOldCheckpoints(const std::vector<std::string>& checkpoints, int64_t keep,
                                              const std::function<void(const std::string&)>& removeBeside)
{
    std::vector<std::string> removed;
    for (size_t i = 0; i + size_t(std::max<int64_t>(1, keep)) < checkpoints.size(); ++i) {
        if (removeBeside)
            removeBeside(checkpoints[i]);
        std::error_code ec;
        if (std::filesystem::remove(checkpoints[i], ec))
            removed.push_back(checkpoints[i]);
    }
    return removed;
}

} // namespace lw::train
