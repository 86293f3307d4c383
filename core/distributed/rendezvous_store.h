#pragma once
// The c10d store a run's ranks meet in: a TCPStore on MASTER_ADDR:MASTER_PORT, served
// by rank 0, or by torchrun's agent when it says it serves one (then every rank is a
// client and the keys carry the attempt's prefix). Internal to core/distributed.
#include "core/distributed/world_info.h"

#include <torch/csrc/distributed/c10d/Store.hpp>

#include <chrono>

namespace lw::distributed {

// `serve`: this connection may be the server (rank 0's first one). Failures are
// lw::Errors that say which side could not do what, and what to change.
c10::intrusive_ptr<c10d::Store> openRendezvousStore(const WorldInfo& world, std::chrono::milliseconds timeout,
                                                    bool serve);

// "5 s", "250 ms".
std::string secondsText(std::chrono::milliseconds t);

} // namespace lw::distributed
