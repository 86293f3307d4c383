#include "core/train/checkpoint_event.h"

#include "core/train/events.h"

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

} // namespace lw::train
