#include "app/cli/checkpoint_evaluator.h"

#include "app/cli/cmd_eval.h"
#include "core/eval/checkpoint_evaluation.h"
#include "core/finetune/checkpoint_model.h"
#include "core/store/store.h"
#include "core/train/events.h"

namespace lw::cli {

std::vector<eval::EvalTaskSpec> parseEvalTasks(const std::vector<std::string>& specs)
{
    std::vector<eval::EvalTaskSpec> tasks;
    for (const auto& text : specs)
        tasks.push_back(eval::parseEvalTaskSpec(text));
    return tasks;
}

eval::CheckpointLoader runCheckpointLoader(const store::Project& project)
{
    return [project](const catalog::ModelLocation& location, const torch::Device& device) {
        return finetune::loadCheckpointModel(project, location, device);
    };
}

CheckpointEvaluator::CheckpointEvaluator(CliContext& context, store::Project project,
                                         std::vector<eval::EvalTaskSpec> tasks)
    : m_context(context), m_project(std::move(project)), m_tasks(std::move(tasks))
{
}

std::vector<nlohmann::json> CheckpointEvaluator::onEvent(const nlohmann::json& event)
{
    const std::string type = event.value("event", "");
    if (event.contains("run_id") && event["run_id"].is_number_integer() && !m_runId) {
        m_runId = event["run_id"].get<int64_t>();
        store::Store store = m_project.openStore();
        if (m_tasks.empty())
            m_tasks = eval::runEvalTasks(store, *m_runId); // a resumed run goes on as it started
        else
            eval::saveRunEvalTasks(store, *m_runId, m_tasks);
    }
    if (type != "checkpoint" || m_tasks.empty() || !m_runId || event.value("kind", "") == "best")
        return {};
    const int64_t step = event["step"].get<int64_t>();
    if (!m_evaluatedSteps.insert(step).second)
        return {};
    const auto results = eval::evaluateCheckpoint(m_project, *m_runId, step, event["path"].get<std::string>(), m_tasks,
                                                  evalToolVersion(), "cpu", {}, runCheckpointLoader(m_project));
    std::vector<nlohmann::json> out;
    for (size_t i = 0; i < results.size(); ++i) {
        auto e = train::makeEvent("eval_result");
        e["run_id"] = *m_runId;
        e["step"] = step;
        e["task"] = m_tasks[i].task;
        e["spec"] = results[i].spec;
        e["evaluation_id"] = results[i].evaluationId;
        e["summary"] = results[i].summary;
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace lw::cli
