#pragma once
// Where this process stands in a multi-process run, read from the environment the way
// torchrun sets it (RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, MASTER_ADDR,
// MASTER_PORT) or Slurm does (SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID, with
// MASTER_ADDR/MASTER_PORT exported by the batch script). `llmwb train --nproc-per-node`
// sets the torchrun variables for its workers, so every launcher ends up here.
#include <functional>
#include <optional>
#include <string>

namespace lw::distributed {

struct WorldInfo {
    int rank = 0;
    int localRank = 0;
    int worldSize = 1;
    int localWorldSize = 1;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    std::string launcher; // "torchrun" (also llmwb's own launcher) or "slurm"
    // torchrun's static rendezvous (--master-addr/--master-port) has its agent serve the
    // store on MASTER_PORT itself and says so with TORCHELASTIC_USE_AGENT_STORE=True:
    // every rank, rank 0 too, then joins that store as a client, under the key prefix of
    // this attempt (TORCHELASTIC_RESTART_COUNT), as torch.distributed does.
    bool launcherServesStore = false;
    int restartCount = 0;
};

// The key prefix every rank of this attempt uses in the store ("" for our own store).
std::string storeKeyPrefix(const WorldInfo& info);

using EnvironmentLookup = std::function<const char*(const char* name)>;

// nullopt when neither RANK/WORLD_SIZE nor SLURM_PROCID/SLURM_NTASKS is set (a plain
// single-process run). A partial or malformed set is an lw::Error naming the variable.
// Slurm tasks of a job that did not export MASTER_ADDR/MASTER_PORT cannot rendezvous
// and get an error saying so.
std::optional<WorldInfo> worldFromEnvironment(const EnvironmentLookup& env = nullptr);

// The variables torchrun would give rank `rank` of `info`'s world (for the launcher).
std::vector<std::pair<std::string, std::string>> torchrunVariables(const WorldInfo& info);

} // namespace lw::distributed
