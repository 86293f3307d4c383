#pragma once
// The "checkpoint" event (docs/events.md) of every trainer, pretraining and fine-tunes,
// and the rotation of periodic checkpoints it reports.
#include "core/train/checkpoint.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace lw::train {

// {event: checkpoint, kind (periodic, best, final), step, path, bytes, sha256, removed}.
nlohmann::json checkpointEvent(const std::string& kind, int64_t step, const std::string& path,
                               const CheckpointFileInfo& info, const std::vector<std::string>& removed);

// Removes the oldest of `checkpoints` (listed oldest first) until `keep` (at least one,
// so never the one just written) remain, calling `removeBeside` first on each for the
// files a trainer keeps next to a checkpoint; the checkpoint paths removed, for the event.
std::vector<std::string> removeOldCheckpoints(const std::vector<std::string>& checkpoints, int64_t keep,
                                              const std::function<void(const std::string&)>& removeBeside = {});

} // namespace lw::train
