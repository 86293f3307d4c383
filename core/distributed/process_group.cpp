#include "core/distributed/process_group.h"

#include "core/distributed/peer_watch.h"
#include "core/distributed/rendezvous_store.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>

#include <unistd.h>

#include <climits>

namespace lw::distributed {

namespace {

std::string thisHost()
{
    char name[HOST_NAME_MAX + 1] = {};
    if (::gethostname(name, sizeof name) != 0)
        return "unknown-host";
    return name;
}

std::vector<uint8_t> bytes(const std::string& s)
{
    return {s.begin(), s.end()};
}

std::string text(const std::vector<uint8_t>& b)
{
    return {b.begin(), b.end()};
}

bool isLoopback(const std::string& addr)
{
    return addr == "localhost" || addr == "::1" || addr.rfind("127.", 0) == 0;
}

class GlooReduce : public PendingReduce {
public:
    GlooReduce(c10::intrusive_ptr<c10d::Work> work, const std::string& what, const ProcessGroup& group,
               PeerWatch& watch)
        : m_work(std::move(work)), m_what(what), m_group(group), m_watch(watch)
    {
    }
    void wait() override
    {
        try {
            m_work->wait();
        } catch (const std::exception& e) {
            throw PeerFailure(m_watch.explainFailure(m_group, m_what, e.what()));
        }
    }

private:
    c10::intrusive_ptr<c10d::Work> m_work;
    std::string m_what;
    const ProcessGroup& m_group;
    PeerWatch& m_watch;
};

class GlooProcessGroup : public ProcessGroup {
public:
    GlooProcessGroup(const WorldInfo& world, std::chrono::milliseconds timeout)
        : m_world(world), m_timeout(timeout), m_store(openRendezvousStore(world, timeout, true))
    {
        checkWorldSize();
        m_watch = std::make_unique<PeerWatch>(world, m_store, timeout);
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        // On loopback the Gloo pairs must listen on loopback too; elsewhere on the
        // address this host's name resolves to, as torchrun's default.
        options->devices.push_back(isLoopback(world.masterAddr)
                                       ? c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1")
                                       : c10d::ProcessGroupGloo::createDefaultDevice());
        auto prefixed = c10::make_intrusive<c10d::PrefixStore>("gloo", m_store);
        try {
            m_gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, world.rank, world.worldSize, options);
        } catch (const std::exception& e) {
            throw PeerFailure(m_watch->explainFailure(*this, "connecting the ranks", e.what()));
        }
    }

    int rank() const override { return m_world.rank; }
    int size() const override { return m_world.worldSize; }
    std::chrono::milliseconds timeout() const override { return m_timeout; }
    const std::vector<std::string>& hosts() const override { return m_hosts; }

    std::unique_ptr<PendingReduce> allReduceAsync(std::vector<torch::Tensor>& tensors, const std::string& what) override
    {
        try {
            return std::make_unique<GlooReduce>(m_gloo->allreduce(tensors), what, *this, *m_watch);
        } catch (const std::exception& e) {
            throw PeerFailure(m_watch->explainFailure(*this, what, e.what()));
        }
    }

    std::string shareFromRankZero(const std::string& key, const std::string& value) override
    {
        const std::string full = "lw/shared/" + key;
        try {
            if (rank() == 0) {
                m_store->set(full, bytes(value));
                return value;
            }
            m_watch->waitWhileAlive(full, 0);
            return text(m_store->get(full));
        } catch (const std::exception& e) {
            throw PeerFailure(m_watch->explainFailure(*this, "waiting for rank 0's " + key, e.what()));
        }
    }

    void barrier(const std::string& what) override
    {
        torch::Tensor one = torch::ones({1});
        allReduceSum(one, what);
    }

private:
    // Each rank publishes its world size and host; each then reads rank 0's entry first
    // (so a mismatch is named at once) and the others' after.
    void checkWorldSize()
    {
        const std::string mine = std::to_string(m_world.worldSize) + " " + thisHost();
        auto key = [](int r) { return "lw/rank/" + std::to_string(r); };
        auto seenKey = [](int r) { return "lw/seen/" + std::to_string(r); };
        m_store->set(key(m_world.rank), bytes(mine));
        m_hosts.assign(size_t(m_world.worldSize), std::string());
        for (int r = 0; r < m_world.worldSize; ++r) {
            try {
                m_store->wait({key(r)}, m_timeout);
            } catch (const std::exception&) {
                throw PeerFailure("rank " + std::to_string(r) + " did not join the rendezvous at " +
                                  m_world.masterAddr + ":" + std::to_string(m_world.masterPort) + " within " +
                                  secondsText(m_timeout) + " (this is rank " + std::to_string(m_world.rank) +
                                  " of " + std::to_string(m_world.worldSize) + "): was it started, with the same "
                                  "world size?");
            }
            const std::string entry = text(m_store->get(key(r)));
            if (r == 0) // rank 0 keeps its store up until this rank has read its entry
                m_store->set(seenKey(m_world.rank), bytes("1"));
            const auto space = entry.find(' ');
            const std::string theirs = entry.substr(0, space);
            if (theirs != std::to_string(m_world.worldSize) && m_world.rank == 0) {
                // Rank 0 serves the store: leaving at once could cut rank r off before
                // it read rank 0's entry, and it would report a lost connection instead
                // of the mismatch.
                try {
                    m_store->wait({seenKey(r)}, std::min<std::chrono::milliseconds>(m_timeout, std::chrono::seconds(5)));
                } catch (const std::exception&) {
                }
            }
            if (theirs != std::to_string(m_world.worldSize))
                throw Error("world size mismatch: rank " + std::to_string(m_world.rank) + " was started with " +
                            std::to_string(m_world.worldSize) + " processes but rank " + std::to_string(r) +
                            (space == std::string::npos ? "" : " (host " + entry.substr(space + 1) + ")") +
                            " with " + theirs + ": start every rank with the same WORLD_SIZE (--nnodes x "
                            "--nproc-per-node)");
            m_hosts[size_t(r)] = space == std::string::npos ? "" : entry.substr(space + 1);
        }
    }

    WorldInfo m_world;
    std::chrono::milliseconds m_timeout;
    c10::intrusive_ptr<c10d::Store> m_store;
    std::unique_ptr<PeerWatch> m_watch;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> m_gloo;
    std::vector<std::string> m_hosts;
};

} // namespace

std::shared_ptr<ProcessGroup> ProcessGroup::connect(const WorldInfo& world, std::chrono::milliseconds timeout)
{
    if (world.worldSize < 1 || world.rank < 0 || world.rank >= world.worldSize)
        throw Error("rank " + std::to_string(world.rank) + " is outside a world of " +
                    std::to_string(world.worldSize) + " processes");
    if (timeout.count() <= 0)
        throw Error::inField("dist_timeout", "must be positive");
    return std::make_shared<GlooProcessGroup>(world, timeout);
}

void ProcessGroup::allReduceSum(torch::Tensor& tensor, const std::string& what)
{
    std::vector<torch::Tensor> one{tensor};
    allReduceAsync(one, what)->wait();
}

std::vector<double> ProcessGroup::sum(const std::vector<double>& values, const std::string& what)
{
    torch::Tensor t = torch::tensor(values, torch::kFloat64);
    allReduceSum(t, what);
    return {t.data_ptr<double>(), t.data_ptr<double>() + t.numel()};
}

std::string ProcessGroup::describeRank(int r) const
{
    const auto& h = hosts();
    const std::string host = r >= 0 && size_t(r) < h.size() ? h[size_t(r)] : std::string();
    return "rank " + std::to_string(r) + (host.empty() ? "" : " (host " + host + ")");
}

} // namespace lw::distributed
