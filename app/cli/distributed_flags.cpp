#include "app/cli/distributed_flags.h"

#include "app/cli/cli_context.h"
#include "core/train/run_plan.h"
#include "core/util/error.h"

#include <chrono>
#include <cstdlib>
#include <fstream>

namespace lw::cli {

void DistributedFlags::add(CLI::App* command)
{
    const char* group = "Multi-process (data parallel)";
    command
        ->add_option("--nproc-per-node", nprocPerNode,
                     "Train with N worker processes on this machine (gradients averaged over all processes; "
                     "--batch-size stays the batch of one optimizer step)")
        ->check(CLI::Range(1, 1024))
        ->group(group);
    command->add_option("--nnodes", nnodes, "Machines taking part (each runs this command with --node-rank)")
        ->check(CLI::Range(1, 4096))
        ->group(group);
    command->add_option("--node-rank", nodeRank, "This machine's index among --nnodes (0 serves the rendezvous)")
        ->check(CLI::NonNegativeNumber)
        ->group(group);
    command->add_option("--master-addr", masterAddr, "Address of node 0, where the rendezvous is served")
        ->capture_default_str()
        ->group(group);
    command
        ->add_option("--master-port", masterPort,
                     "Port of the rendezvous on node 0 (default: a free port on one machine, 29500 on several)")
        ->check(CLI::Range(0, 65535))
        ->group(group);
    command
        ->add_option("--dist-timeout", timeoutSeconds,
                     "Seconds a process waits for the others (rendezvous and each collective) before it stops "
                     "with an error naming the missing rank")
        ->capture_default_str()
        ->check(CLI::PositiveNumber)
        ->group(group);
}

std::chrono::milliseconds DistributedFlags::timeout() const
{
    return std::chrono::milliseconds(int64_t(timeoutSeconds * 1000.0));
}

bool DistributedFlags::launches() const
{
    if (nprocPerNode == 0)
        return false;
    if (nodeRank >= nnodes)
        throw Error("--node-rank " + std::to_string(nodeRank) + " must be below --nnodes " + std::to_string(nnodes));
    return !distributed::worldFromEnvironment(); // a worker carries the launcher's flags too
}

void DistributedFlags::followRecordedWorld(CliContext& ctx, int64_t runId)
{
    if (nprocPerNode != 0 || distributed::worldFromEnvironment())
        return; // the user chose, or this is a worker of a launch that did
    store::Store store = ctx.project().openStoreForListing();
    const auto world = train::lastRunWorld(store.absolutePath(store.run(runId).runDir));
    if (!world || world->worldSize == 1)
        return;
    const std::string run = "run " + std::to_string(runId);
    const std::string size = std::to_string(world->worldSize);
    if (world->machines() > 1)
        throw Error(run + " last trained on " + size + " processes over " + std::to_string(world->machines()) +
                    " machines: resume it with --nproc-per-node, --nnodes, --node-rank and --master-addr on each "
                    "machine, or on this machine alone with --nproc-per-node N");
    nprocPerNode = world->worldSize;
    ctx.say("Resuming " + run + " on " + size + " processes, as it last trained (--nproc-per-node N changes it)");
}

std::shared_ptr<distributed::ProcessGroup> DistributedFlags::joinFromEnvironment() const
{
    const auto world = distributed::worldFromEnvironment();
    if (!world || world->worldSize == 1)
        return nullptr;
    return distributed::ProcessGroup::connect(*world, timeout());
}

void reportErrorToTorchrun(const std::string& message)
{
    const char* path = std::getenv("TORCHELASTIC_ERROR_FILE");
    if (!path || !*path)
        return;
    // The plain form torch.distributed.elastic reads: {"message": text, "timestamp": seconds}.
    nlohmann::json error;
    error["message"] = message;
    error["timestamp"] = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    std::ofstream(path) << error.dump() << '\n';
}

} // namespace lw::cli
