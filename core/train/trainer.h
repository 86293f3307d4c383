#pragma once
// The pretraining loop: AdamW with decay groups, warm-up and decay schedule, gradient
// accumulation and clipping, periodic validation, samples and checkpoints, best
// checkpoint kept apart, early stopping, divergence detection, pause and cancel.
// It reports through an EventSink and knows nothing of the store or the terminal.
#include "core/train/checkpoint.h"
#include "core/train/events.h"
#include "core/train/train_config.h"
#include "core/train/train_control.h"

#include <memory>
#include <optional>
#include <string>

namespace lw::distributed {
class ProcessGroup;
}

namespace lw::train {

enum class TrainOutcome { Completed, EarlyStopped, Cancelled, Diverged };
std::string outcomeName(TrainOutcome outcome); // "completed", "early_stopped", ...

struct TrainResult {
    TrainOutcome outcome = TrainOutcome::Completed;
    TrainerState state;
    std::string message;
    std::string lastCheckpoint; // newest periodic/final checkpoint written (may be empty)
    std::string bestCheckpoint;
    double lastLoss = 0;
};

struct ResumeRequest {
    std::string checkpointPath;
    std::optional<int64_t> newMaxSteps; // extend (or shorten) the run, re-planning the schedule
};

class Trainer {
public:
    // runDir receives checkpoints/ (step-XXXXXXXX.ckpt and best.ckpt).
    Trainer(TrainConfig config, std::string runDir, EventSink events);

    TrainResult run(TrainControl& control, const std::optional<ResumeRequest>& resume = std::nullopt);

    const TrainConfig& config() const { return m_config; }
    void setEventSink(EventSink events);
    // Data-parallel training with the other ranks of `group`: each rank takes its share
    // of the rows of the global batch one process would draw, gradients and the loss are
    // averaged over the ranks, and rank 0 alone writes checkpoints and samples.
    void setProcessGroup(std::shared_ptr<distributed::ProcessGroup> group) { m_group = std::move(group); }
    // The periodic checkpoints of a run folder, oldest first.
    static std::vector<std::string> listCheckpoints(const std::string& runDir);
    static std::string bestCheckpointPath(const std::string& runDir);

private:
    TrainConfig m_config;
    std::string m_runDir;
    EventSink m_events;
    std::shared_ptr<distributed::ProcessGroup> m_group;
};

} // namespace lw::train
