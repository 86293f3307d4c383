#pragma once
// The "checkpoint" event (docs/events.md) of every trainer: pretraining and fine-tunes.
#include "core/train/checkpoint.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lw::train {

// {event: checkpoint, kind (periodic, best, final), step, path, bytes, sha256, removed}.
nlohmann::json checkpointEvent(const std::string& kind, int64_t step, const std::string& path,
                               const CheckpointFileInfo& info, const std::vector<std::string>& removed);

} // namespace lw::train
