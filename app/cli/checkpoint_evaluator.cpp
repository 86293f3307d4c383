#include "app/cli/checkpoint_evaluator.h"

#include "app/cli/cmd_eval.h"
#include "core/eval/checkpoint_evaluation.h"
#include "core/finetune/checkpoint_model.h"
#include "core/store/store.h"
#include "core/train/events.h"

#include <algorithm>
#include <optional>

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
    const std::string path = event["path"].get<std::string>();
    // The task running, learnt from its progress: none while the checkpoint loads.
    std::optional<size_t> running;
    const eval::TaskProgress follow = [&](double fraction, const std::string&) {
        running = std::min(m_tasks.size() - 1, size_t(std::max(0.0, fraction) * double(m_tasks.size())));
        return true;
    };
    std::vector<eval::CheckpointEvaluation> results;
    try {
        results = eval::evaluateCheckpoint(m_project, *m_runId, step, path, m_tasks, evalToolVersion(), "cpu", follow,
                                           runCheckpointLoader(m_project));
    } catch (const std::exception& e) {
        // An evaluation (a second copy of the base out of memory, a data file gone) must
        // not end the training it watches: it is reported and training goes on.
        std::string tasks;
        for (size_t i = 0; i < m_tasks.size(); ++i)
            if (!running || *running == i)
                tasks += (tasks.empty() ? "" : ", ") + m_tasks[i].text;
        auto warning = train::makeEvent("log");
        warning["level"] = "warning";
        warning["message"] = "the evaluation of checkpoint " + path + " (step " + std::to_string(step) + ") on " +
                             tasks + " failed: " + e.what() + "; training goes on";
        warning["step"] = step;
        warning["checkpoint"] = path;
        warning["spec"] = tasks;
        return {warning};
    }
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
