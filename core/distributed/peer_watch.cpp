#include "core/distributed/peer_watch.h"

#include "core/distributed/process_group.h"
#include "core/distributed/rendezvous_store.h"

#include <stdexcept>
#include <vector>

namespace lw::distributed {

namespace {

constexpr auto kBeatInterval = std::chrono::milliseconds(250);
// Long enough for several beats of a live rank, short against any useful time-out.
constexpr auto kLivenessWindow = std::chrono::milliseconds(1500);
// How long a rank waiting on another's key accepts no beat before it calls that rank
// gone: wider than kLivenessWindow, as the wait may last minutes (rank 0 loading a base
// model) on a machine busy enough to delay a beat thread for a second or two.
constexpr auto kSilenceBeforeGone = std::chrono::seconds(10);

std::string aliveKey(int rank)
{
    return "lw/alive/" + std::to_string(rank);
}

std::string shortened(const std::string& s)
{
    constexpr size_t kMax = 300;
    return s.size() <= kMax ? s : s.substr(0, kMax) + "...";
}

} // namespace

PeerWatch::PeerWatch(const WorldInfo& world, c10::intrusive_ptr<c10d::Store> store,
                     std::chrono::milliseconds timeout)
    : m_world(world), m_store(std::move(store)), m_timeout(timeout)
{
    m_store->add(aliveKey(world.rank), 1);
    m_thread = std::thread([this] { beat(); });
}

PeerWatch::~PeerWatch()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void PeerWatch::beat()
{
    // A connection of its own: a TCPStore client serves one request at a time.
    c10::intrusive_ptr<c10d::Store> store;
    try {
        store = openRendezvousStore(m_world, m_timeout, false);
    } catch (const std::exception&) {
        return; // the master is gone already; explainFailure says so
    }
    std::unique_lock<std::mutex> lock(m_mutex);
    // A failed beat is tried again at the next interval: one hiccup of the store must
    // not make this rank look dead to the others for the rest of the run.
    while (!m_wake.wait_for(lock, kBeatInterval, [this] { return m_stop; })) {
        try {
            store->add(aliveKey(m_world.rank), 1);
        } catch (const std::exception&) {
        }
    }
}

void PeerWatch::waitWhileAlive(const std::string& key, int owner)
{
    // Polled rather than a store wait with a short time-out: a c10d TCPStore client whose
    // wait timed out can still be answered later, out of turn.
    using Clock = std::chrono::steady_clock;
    constexpr auto kPoll = std::chrono::milliseconds(50);
    const auto deadline = Clock::now() + m_timeout;
    int64_t beats = m_store->add(aliveKey(owner), 0);
    auto lastBeat = Clock::now();
    auto nextBeatCheck = lastBeat + kBeatInterval;
    while (!m_store->check({key})) {
        const auto now = Clock::now();
        if (now >= deadline)
            throw std::runtime_error("nothing came within the time-out");
        if (now >= nextBeatCheck) {
            nextBeatCheck = now + kBeatInterval;
            const int64_t seen = m_store->add(aliveKey(owner), 0);
            if (seen != beats) {
                beats = seen;
                lastBeat = now;
            } else if (now - lastBeat > kSilenceBeforeGone) {
                throw std::runtime_error("rank " + std::to_string(owner) + " stopped beating");
            }
        }
        std::this_thread::sleep_for(kPoll);
    }
}

std::string PeerWatch::explainFailure(const ProcessGroup& group, const std::string& what, const std::string& detail)
{
    const std::string head = what + " failed on " + group.describeRank(m_world.rank) + ": ";
    const std::string tail = " (" + shortened(detail) + ")";
    std::vector<int> silent;
    try {
        std::vector<int64_t> before;
        for (int r = 0; r < m_world.worldSize; ++r)
            before.push_back(r == m_world.rank ? 0 : m_store->add(aliveKey(r), 0));
        std::this_thread::sleep_for(kLivenessWindow);
        for (int r = 0; r < m_world.worldSize; ++r)
            if (r != m_world.rank && m_store->add(aliveKey(r), 0) == before[size_t(r)])
                silent.push_back(r);
    } catch (const std::exception&) {
        if (m_world.launcherServesStore)
            return head + "the store of torchrun's rendezvous is gone (the torchrun agent ended)" + tail;
        if (m_world.rank != 0)
            return head + group.describeRank(0) +
                   " stopped responding (its rendezvous store is gone: the process ended or its machine is "
                   "unreachable)" + tail;
        silent.clear();
    }
    if (silent.empty())
        return head + "no rank stopped, but one did not take part within the time-out of " +
               std::to_string(m_timeout.count() / 1000) + " s (stuck or far slower than the others)" + tail;
    std::string names;
    for (size_t i = 0; i < silent.size(); ++i)
        names += (i == 0 ? "" : i + 1 == silent.size() ? " and " : ", ") + group.describeRank(silent[i]);
    return head + names + " stopped" +
           " responding (its process ended or hung)" + tail;
}

} // namespace lw::distributed
