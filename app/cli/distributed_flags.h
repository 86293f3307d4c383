#pragma once
// The multi-process options `llmwb train` and `llmwb finetune` share, and what they
// decide: launch worker processes here (--nproc-per-node, and no RANK in the
// environment), join a run as a worker (RANK/WORLD_SIZE or Slurm's variables set, by
// this launcher, torchrun or srun), or train in this one process.
#include "core/distributed/process_group.h"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace lw::cli {

struct CliContext;

struct DistributedFlags {
    int nprocPerNode = 0;
    int nnodes = 1;
    int nodeRank = 0;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 0; // 0: a free port on one node, 29500 (torchrun's) across nodes
    double timeoutSeconds = 300;

    void add(CLI::App* command);
    std::chrono::milliseconds timeout() const;
    // True when this process should start the workers rather than train.
    bool launches() const;
    // `--resume RUN` without --nproc-per-node: the run trains on as many processes as its
    // last session did (its world.json), when those ran on this one machine; a run that
    // spanned several machines is refused with the flags to give. Says what it chose.
    void followRecordedWorld(CliContext& ctx, int64_t runId);
    // The process group of a worker, or null for a single-process run.
    std::shared_ptr<distributed::ProcessGroup> joinFromEnvironment() const;
};

// Under torchrun, writes `message` to the error file its agent names in
// TORCHELASTIC_ERROR_FILE, so that its failure summary shows why this rank stopped
// instead of a pointer to Python tracebacks. Does nothing elsewhere.
void reportErrorToTorchrun(const std::string& message);

// Starts the workers of `flags` (this same command line, with the torchrun variables
// set), forwards cancel signals to them, and returns the exit status for the command.
int launchWorkers(CliContext& ctx, const DistributedFlags& flags);

} // namespace lw::cli
