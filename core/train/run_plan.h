#pragma once
// What the ranks of a data-parallel run share before training: rank 0 creates or
// resumes the run in the store and hands the others its settings, folder and
// checkpoint; each session of a run records its world (size and hosts) in the run
// folder, since a run resumed elsewhere may train on other machines.
#include "core/train/trainer.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace lw::train {

struct RunPlan {
    nlohmann::json config; // TrainConfig or FinetuneConfig JSON
    std::string runDir;
    std::optional<ResumeRequest> resume;
};

// Rank 0 publishes; every other rank receives (waiting up to the group's time-out).
void shareRunPlan(distributed::ProcessGroup& group, const RunPlan& plan);
RunPlan receiveRunPlan(distributed::ProcessGroup& group);

// Appends {from_step, world_size, hosts} to <runDir>/world.json and returns it.
nlohmann::json recordRunWorld(const std::string& runDir, const distributed::ProcessGroup* group, int64_t fromStep);

} // namespace lw::train
