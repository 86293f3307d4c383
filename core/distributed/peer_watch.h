#pragma once
// Which rank is gone when a collective fails. Every rank bumps a counter of its own in
// the rendezvous store four times a second from a thread of its own; after a failure the
// counters that stopped moving name the ranks that died or hung (and the store itself
// being gone names rank 0, which serves it). Internal to core/distributed.
#include "core/distributed/world_info.h"

#include <torch/csrc/distributed/c10d/Store.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace lw::distributed {

class ProcessGroup;

class PeerWatch {
public:
    PeerWatch(const WorldInfo& world, c10::intrusive_ptr<c10d::Store> store, std::chrono::milliseconds timeout);
    ~PeerWatch();
    PeerWatch(const PeerWatch&) = delete;
    PeerWatch& operator=(const PeerWatch&) = delete;

    // Waits up to the time-out until `key` is in the store, but throws as soon as rank
    // `owner`, who sets it, stops beating: under torchrun the store is its agent's and
    // outlives a rank that died, so the wait alone would not end before the time-out.
    void waitWhileAlive(const std::string& key, int owner);

    // "the gradient all-reduce failed: rank 1 (host a) stopped responding (...)".
    std::string explainFailure(const ProcessGroup& group, const std::string& what, const std::string& detail);

private:
    void beat();

    WorldInfo m_world;
    c10::intrusive_ptr<c10d::Store> m_store;
    std::chrono::milliseconds m_timeout;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace lw::distributed
