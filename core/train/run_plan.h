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

// Appends {from_step, world_size, hosts, rank_seeds} to <runDir>/world.json and returns
// it; rank_seeds are the seeds of each rank's random draws (distributed::rankSeed).
nlohmann::json recordRunWorld(const std::string& runDir, const distributed::ProcessGroup* group, int64_t fromStep,
                              uint64_t seed);

// The world a run's last session trained on, as world.json recorded it.
struct RecordedWorld {
    int worldSize = 1;
    std::vector<std::string> hosts; // by rank; empty for one process
    int machines() const;           // distinct hosts, at least 1
};
// nullopt when the run has no world.json (runs from before it was kept); a file that
// is there but malformed is an lw::Error naming it.
std::optional<RecordedWorld> lastRunWorld(const std::string& runDir);

} // namespace lw::train
