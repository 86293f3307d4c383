#include "core/distributed/world_info.h"

#include "core/util/error.h"

#include <cstdlib>
#include <vector>

namespace lw::distributed {

namespace {

class Variables {
public:
    explicit Variables(const EnvironmentLookup& env) : m_env(env) {}

    const char* raw(const char* name) const
    {
        const char* v = m_env ? m_env(name) : std::getenv(name);
        return v && *v ? v : nullptr;
    }

    std::string text(const char* name, const std::string& why) const
    {
        const char* v = raw(name);
        if (!v)
            throw Error(std::string(name) + " is not set: " + why);
        return v;
    }

    int integer(const char* name, int low, int high, const std::string& why) const
    {
        const std::string v = text(name, why);
        char* end = nullptr;
        const long value = std::strtol(v.c_str(), &end, 10);
        if (end == v.c_str() || *end != '\0' || value < low || value > high)
            throw Error(std::string(name) + "=" + v + " is not a whole number from " + std::to_string(low) + " to " +
                        std::to_string(high));
        return int(value);
    }

    int integerOr(const char* name, int fallback, int low, int high) const
    {
        return raw(name) ? integer(name, low, high, "") : fallback;
    }

private:
    EnvironmentLookup m_env;
};

constexpr int kMaxWorld = 1 << 16;

void readMaster(const Variables& vars, WorldInfo& info, const std::string& why)
{
    info.masterAddr = vars.text("MASTER_ADDR", why);
    info.masterPort = vars.integer("MASTER_PORT", 1, 65535, why);
}

// torchrun's agent (torch.distributed.elastic) adds GROUP_RANK, ROLE_RANK and the like,
// which say nothing RANK and WORLD_SIZE do not; only who serves the store matters here.
void readTorchElastic(const Variables& vars, WorldInfo& info)
{
    const char* agentStore = vars.raw("TORCHELASTIC_USE_AGENT_STORE");
    info.launcherServesStore = agentStore && std::string(agentStore) == "True";
    if (info.launcherServesStore)
        info.restartCount = vars.integer("TORCHELASTIC_RESTART_COUNT", 0, 1 << 30,
                                         "torchrun sets it with TORCHELASTIC_USE_AGENT_STORE");
}

} // namespace

std::string storeKeyPrefix(const WorldInfo& info)
{
    return info.launcherServesStore ? "/worker/attempt_" + std::to_string(info.restartCount) : "";
}

std::optional<WorldInfo> worldFromEnvironment(const EnvironmentLookup& env)
{
    const Variables vars(env);
    WorldInfo info;
    if (vars.raw("RANK") || vars.raw("WORLD_SIZE")) {
        const std::string why = "a multi-process run (RANK or WORLD_SIZE is set) needs RANK, WORLD_SIZE, "
                                "MASTER_ADDR and MASTER_PORT, as torchrun and `llmwb train --nproc-per-node` set them";
        info.launcher = "torchrun";
        info.worldSize = vars.integer("WORLD_SIZE", 1, kMaxWorld, why);
        info.rank = vars.integer("RANK", 0, info.worldSize - 1, why);
        info.localWorldSize = vars.integerOr("LOCAL_WORLD_SIZE", info.worldSize, 1, info.worldSize);
        info.localRank = vars.integerOr("LOCAL_RANK", info.rank % info.localWorldSize, 0, info.localWorldSize - 1);
        readMaster(vars, info, why);
        readTorchElastic(vars, info);
        return info;
    }
    if (vars.raw("SLURM_PROCID") && vars.raw("SLURM_NTASKS")) {
        const std::string why = "under Slurm, export MASTER_ADDR (the first node of the job) and MASTER_PORT "
                                "in the batch script before srun";
        info.launcher = "slurm";
        info.worldSize = vars.integer("SLURM_NTASKS", 1, kMaxWorld, why);
        info.rank = vars.integer("SLURM_PROCID", 0, info.worldSize - 1, why);
        info.localRank = vars.integerOr("SLURM_LOCALID", 0, 0, kMaxWorld - 1);
        // SLURM_NTASKS_PER_NODE may read "2(x3)"; nothing here needs the local world size.
        info.localWorldSize = info.localRank + 1;
        readMaster(vars, info, why);
        return info;
    }
    return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> torchrunVariables(const WorldInfo& info)
{
    return {{"RANK", std::to_string(info.rank)},
            {"LOCAL_RANK", std::to_string(info.localRank)},
            {"WORLD_SIZE", std::to_string(info.worldSize)},
            {"LOCAL_WORLD_SIZE", std::to_string(info.localWorldSize)},
            {"MASTER_ADDR", info.masterAddr},
            {"MASTER_PORT", std::to_string(info.masterPort)}};
}

} // namespace lw::distributed
