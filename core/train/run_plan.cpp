#include "core/train/run_plan.h"

#include "core/distributed/data_parallel.h"
#include "core/distributed/process_group.h"
#include "core/util/json_io.h"

#include <filesystem>
#include <set>

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

nlohmann::json recordRunWorld(const std::string& runDir, const distributed::ProcessGroup* group, int64_t fromStep,
                              uint64_t seed)
{
    const int size = group ? group->size() : 1;
    nlohmann::json seeds = nlohmann::json::array();
    for (int rank = 0; rank < size; ++rank)
        seeds.push_back(distributed::rankSeed(seed, rank));
    nlohmann::json world = {{"from_step", fromStep},
                            {"world_size", size},
                            {"hosts", group ? group->hosts() : std::vector<std::string>{}},
                            {"rank_seeds", seeds}};
    const std::string path = runDir + "/world.json";
    nlohmann::json sessions = std::filesystem::exists(path) ? util::readJsonFile(path) : nlohmann::json::array();
    if (!sessions.is_array())
        sessions = nlohmann::json::array();
    sessions.push_back(world);
    util::writeJsonFileAtomic(path, sessions);
    return world;
}

int RecordedWorld::machines() const
{
    return std::max<int>(1, int(std::set<std::string>(hosts.begin(), hosts.end()).size()));
}

std::optional<RecordedWorld> lastRunWorld(const std::string& runDir)
{
    const std::string path = runDir + "/world.json";
    if (!std::filesystem::exists(path))
        return std::nullopt;
    const nlohmann::json sessions = util::readJsonFile(path);
    if (!sessions.is_array())
        throw Error::inFile(path, "expected a JSON array of the run's sessions");
    if (sessions.empty())
        return std::nullopt;
    const nlohmann::json& last = sessions.back();
    if (!last.is_object() || !last.contains("world_size") || !last["world_size"].is_number_integer())
        throw Error::inFile(path, "the last session has no integer world_size");
    RecordedWorld world;
    const int64_t size = last["world_size"].get<int64_t>();
    if (size < 1 || size > 1 << 20)
        throw Error::inFile(path, "world_size " + std::to_string(size) + " is out of range");
    world.worldSize = int(size);
    if (last.contains("hosts")) {
        const nlohmann::json& hosts = last["hosts"];
        if (!hosts.is_array() || (!hosts.empty() && hosts.size() != size_t(size)))
            throw Error::inFile(path, "hosts must list one host per rank");
        for (const auto& host : hosts) {
            if (!host.is_string())
                throw Error::inFile(path, "hosts must be strings");
            world.hosts.push_back(host.get<std::string>());
        }
    }
    return world;
}

} // namespace lw::train
