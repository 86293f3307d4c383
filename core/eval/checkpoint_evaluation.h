#pragma once
// Evaluations of a run's checkpoints: at each checkpoint while it trains (`llmwb train
// --eval-task`) and over the checkpoints it left (`llmwb eval scrub`). Each task's
// evaluation is stored with the run and the checkpoint's step, which is what the Runs
// and Evaluate panels chart against training steps.
#include "core/eval/eval_task_spec.h"
#include "core/eval/eval_tasks.h"
#include "core/store/project.h"

#include <functional>
#include <string>
#include <vector>

namespace lw::eval {

struct CheckpointEvaluation {
    std::string spec; // as written
    int64_t evaluationId = 0;
    int64_t step = 0;
    store::Json summary;
};

// How a checkpoint file becomes a model: catalog::loadModel by default; a fine-tune's
// adapter checkpoints need their base (finetune::loadCheckpointModel).
using CheckpointLoader =
    std::function<catalog::LoadedModel(const catalog::ModelLocation& location, const torch::Device& device)>;

// Loads the checkpoint file of run `runId` (at `step`) and runs every task on it.
// progress covers all tasks; returning false cancels (lw::Error).
std::vector<CheckpointEvaluation> evaluateCheckpoint(const store::Project& project, int64_t runId, int64_t step,
                                                     const std::string& checkpointPath,
                                                     const std::vector<EvalTaskSpec>& tasks,
                                                     const std::string& toolVersion, const std::string& device,
                                                     const TaskProgress& progress = {},
                                                     const CheckpointLoader& load = {});

// The periodic, best and final checkpoints of a run that still exist, one per step
// (by step; a best checkpoint is taken only at a step no periodic one has).
struct RunCheckpoint {
    int64_t step = 0;
    std::string path;
};
std::vector<RunCheckpoint> runCheckpoints(store::Store& store, int64_t runId);

// Where a run's tasks are kept (so a resumed run goes on evaluating the same way).
void saveRunEvalTasks(store::Store& store, int64_t runId, const std::vector<EvalTaskSpec>& tasks);
std::vector<EvalTaskSpec> runEvalTasks(store::Store& store, int64_t runId);

} // namespace lw::eval
