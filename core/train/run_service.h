#pragma once
// Runs recorded in a project: creates (or reopens) the run in the store, holds its
// lock, copies the tokenizer next to the checkpoints, feeds the trainer's events into
// the store (metrics, samples, artifacts, status, heartbeat) and forwards them. What
// the CLI's `train` and the GUI's worker processes call.
#include "core/store/project.h"
#include "core/train/trainer.h"

#include <optional>
#include <string>
#include <vector>

namespace lw::train {

struct NewRunRequest {
    TrainConfig config;
    std::string name;                // empty: "<preset or family>-<n>"
    std::vector<std::string> tags;
    std::string notes;
    std::optional<int64_t> datasetId; // the store's dataset row, when known
};

struct RunOutcome {
    int64_t runId = 0;
    std::string runDir;
    TrainResult result;
};

// With `group` (rank 0 of a data-parallel run) the run trains with the other ranks,
// which follow it through followRun(); rank 0 alone touches the store and the run folder.
RunOutcome startRun(const store::Project& project, NewRunRequest request, TrainControl& control,
                    const EventSink& forward, std::shared_ptr<distributed::ProcessGroup> group = nullptr);

// Continues run `runId` from its newest valid checkpoint (falling back to older ones
// when the newest is damaged); `newMaxSteps` extends a finished run.
RunOutcome resumeRun(const store::Project& project, int64_t runId, std::optional<int64_t> newMaxSteps,
                     TrainControl& control, const EventSink& forward,
                     std::shared_ptr<distributed::ProcessGroup> group = nullptr);

// Ranks other than 0 of a data-parallel run: trains the run rank 0 started or resumed
// (its settings, folder and checkpoint come from rank 0), writing nothing.
TrainResult followRun(const std::shared_ptr<distributed::ProcessGroup>& group, TrainControl& control);

// The tokenizer that belongs to a checkpoint: <run dir>/tokenizer when present, else
// the path recorded in the checkpoint.
std::string tokenizerForCheckpoint(const std::string& checkpointPath, const std::string& recordedPath);

} // namespace lw::train
