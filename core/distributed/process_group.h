#pragma once
// One process's membership of a multi-process run: a c10d TCPStore (served by rank 0 on
// MASTER_ADDR:MASTER_PORT) for the rendezvous and small shared values, and a c10d
// ProcessGroupGloo for the collectives. Every wait is bounded by the time-out, and
// every failure becomes an lw::Error saying what went wrong in the user's terms: the
// port is taken, the master cannot be reached, the ranks disagree on the world size,
// or a named rank (and its host) stopped answering.
#include "core/distributed/world_info.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace lw::distributed {

// A collective failed because another rank died, hung or left: the run cannot go on,
// but it is not this rank's fault (a run store marks it interrupted, not failed).
class PeerFailure : public Error {
public:
    using Error::Error;
};

// An all-reduce in flight; wait() rethrows its failure as PeerFailure.
class PendingReduce {
public:
    virtual ~PendingReduce() = default;
    virtual void wait() = 0;
};

class ProcessGroup {
public:
    // Joins the rendezvous of `world` and connects every rank to every other; throws
    // lw::Error when the rendezvous fails and PeerFailure when a rank does not arrive in time.
    static std::shared_ptr<ProcessGroup> connect(const WorldInfo& world, std::chrono::milliseconds timeout);
    virtual ~ProcessGroup() = default;

    virtual int rank() const = 0;
    virtual int size() const = 0;
    virtual std::chrono::milliseconds timeout() const = 0;
    // Every rank's host name, by rank.
    virtual const std::vector<std::string>& hosts() const = 0;

    // Sums `tensors` (contiguous, same on every rank) over the ranks, in place. `what`
    // names the operation in a failure message ("the gradient all-reduce").
    virtual std::unique_ptr<PendingReduce> allReduceAsync(std::vector<torch::Tensor>& tensors,
                                                           const std::string& what) = 0;
    void allReduceSum(torch::Tensor& tensor, const std::string& what);
    // Sums a few numbers over the ranks (losses, counts, flags).
    std::vector<double> sum(const std::vector<double>& values, const std::string& what);
    // Rank 0's `value` under `key`, on every rank (rank 0 gets its own back).
    virtual std::string shareFromRankZero(const std::string& key, const std::string& value) = 0;
    // Waits until every rank got here.
    virtual void barrier(const std::string& what) = 0;

    // "rank 1 (host node2)".
    std::string describeRank(int rank) const;
};

} // namespace lw::distributed
