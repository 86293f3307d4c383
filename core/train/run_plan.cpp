#include "core/train/run_plan.h"

#include "core/distributed/process_group.h"
#include "core/util/json_io.h"

#include <filesystem>

namespace lw::train {

namespace {
constexpr const char* kPlanKey = "run_plan";
}

void shareRunPlan(distributed::ProcessGroup& group, const RunPlan& plan)
{
    nlohmann::json j = {{"config", plan.config},
                        {"run_dir", plan.runDir},
                        {"checkpoint", plan.resume ? plan.resume->checkpointPath : std::string()}};
    if (plan.resume && plan.resume->newMaxSteps)
        j["new_max_steps"] = *plan.resume->newMaxSteps;
    group.shareFromRankZero(kPlanKey, j.dump());
}

RunPlan receiveRunPlan(distributed::ProcessGroup& group)
{
    const nlohmann::json j = nlohmann::json::parse(group.shareFromRankZero(kPlanKey, ""));
    RunPlan plan;
    plan.config = j.at("config");
    plan.runDir = j.at("run_dir").get<std::string>();
    const std::string checkpoint = j.at("checkpoint").get<std::string>();
    if (!checkpoint.empty()) {
        plan.resume = ResumeRequest{checkpoint, std::nullopt};
        if (j.contains("new_max_steps"))
            plan.resume->newMaxSteps = j["new_max_steps"].get<int64_t>();
    }
    return plan;
}

nlohmann::json recordRunWorld(const std::string& runDir, const distributed::ProcessGroup* group, int64_t fromStep)
{
    nlohmann::json world = {{"from_step", fromStep},
                            {"world_size", group ? group->size() : 1},
                            {"hosts", group ? group->hosts() : std::vector<std::string>{}}};
    const std::string path = runDir + "/world.json";
    nlohmann::json sessions = std::filesystem::exists(path) ? util::readJsonFile(path) : nlohmann::json::array();
    if (!sessions.is_array())
        sessions = nlohmann::json::array();
    sessions.push_back(world);
    util::writeJsonFileAtomic(path, sessions);
    return world;
}

} // namespace lw::train
