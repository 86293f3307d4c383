#pragma once
// `llmwb train --eval-task SPEC` and `llmwb finetune --eval-task SPEC`: the tasks run on
// each checkpoint the trainer writes (periodic and final, not best.ckpt, which is the
// same weights as a periodic one), in the training process between steps, as
// validation runs. Each result is stored with
// the run and step and reported as an "eval_result" event (step, task, spec,
// evaluation_id, summary).
#include "app/cli/cli_context.h"
#include "core/eval/checkpoint_evaluation.h"
#include "core/eval/eval_task_spec.h"
#include "core/store/project.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lw::cli {

class CheckpointEvaluator {
public:
    CheckpointEvaluator(CliContext& context, store::Project project, std::vector<eval::EvalTaskSpec> tasks);

    // Sees every training event before it is printed: remembers the run, keeps its tasks
    // with it on "run_started", and evaluates the checkpoints. Returns the events to
    // emit after this one.
    std::vector<nlohmann::json> onEvent(const nlohmann::json& event);
    bool empty() const { return m_tasks.empty(); }

private:
    CliContext& m_context;
    store::Project m_project;
    std::vector<eval::EvalTaskSpec> m_tasks;
    std::optional<int64_t> m_runId;
    std::set<int64_t> m_evaluatedSteps; // a final checkpoint may follow a periodic one at the same step
};

// Any checkpoint of the project's runs as a model: a fine-tune's adapter checkpoints go
// on their base (finetune/checkpoint_model.h).
eval::CheckpointLoader runCheckpointLoader(const store::Project& project);

// Parses --eval-task values (lw::Error naming a bad one).
std::vector<eval::EvalTaskSpec> parseEvalTasks(const std::vector<std::string>& specs);

} // namespace lw::cli
