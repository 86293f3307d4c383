#pragma once
// How a fine-tune run of the store is trained, whatever its trainer (FinetuneTrainer,
// ClassificationTrainer): the run folder locked, the other ranks of a data-parallel run
// handed the run plan, the session's world recorded (world.json), the trainer's events
// fed into the store and forwarded, and the run's end (or failure) stored. Internal to
// core/finetune.
#include "core/distributed/process_group.h"
#include "core/finetune/finetune_service.h"
#include "core/finetune/finetune_state_file.h"
#include "core/store/run_lock.h"
#include "core/train/run_plan.h"
#include "core/train/run_recorder.h"

#include <memory>
#include <optional>

namespace lw::finetune {

// Trains `inputs` with `trainer` as run `runId` (`resume`: from that checkpoint); with
// `group`, as rank 0 of a data-parallel run whose other ranks follow the shared plan.
template <typename Trainer, typename Inputs>
FinetuneRunOutcome executeFinetune(store::Store& store, int64_t runId, const std::string& runDir, Trainer& trainer,
                                   Inputs inputs, train::TrainControl& control, const train::EventSink& forward,
                                   const std::optional<train::ResumeRequest>& resume,
                                   const std::shared_ptr<distributed::ProcessGroup>& group)
{
    store::RunLock lock(runDir);
    if (group) {
        trainer.setProcessGroup(group);
        train::shareRunPlan(*group, {trainer.config().toJson(), runDir, resume});
    }
    const nlohmann::json world = train::recordRunWorld(runDir, group.get(), [&]() -> int64_t {
        if (!resume)
            return 0;
        return isAdapterState(resume->checkpointPath) ? loadAdapterState(resume->checkpointPath).state.step
                                                      : train::loadCheckpoint(resume->checkpointPath, false).state.step;
    }(), trainer.config().train.seed);
    store.markRunning(runId);
    train::RunRecorder recorder(store, runId, forward);
    trainer.setEventSink([&recorder](const nlohmann::json& e) { recorder(e); });
    if (forward) {
        auto started = runStartedEvent(runId, runDir, store.run(runId).name, trainer.config(),
                                       resume ? resume->checkpointPath : std::string());
        started["world_size"] = world["world_size"];
        started["hosts"] = world["hosts"];
        forward(started);
    }
    FinetuneRunOutcome outcome;
    outcome.runId = runId;
    outcome.runDir = runDir;
    outcome.result = recorder.recordTraining([&] { return trainer.run(std::move(inputs), control, resume); });
    recordFinetuneEnd(store, runId, trainer.config(), outcome.result.train);
    return outcome;
}

} // namespace lw::finetune
