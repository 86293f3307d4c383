#include "core/distributed/rendezvous_store.h"

#include "core/util/error.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

namespace lw::distributed {

std::string secondsText(std::chrono::milliseconds t)
{
    const auto ms = t.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

c10::intrusive_ptr<c10d::Store> openRendezvousStore(const WorldInfo& w, std::chrono::milliseconds timeout,
                                                    bool serve)
{
    const bool server = serve && w.rank == 0 && !w.launcherServesStore;
    c10d::TCPStoreOptions options;
    options.port = uint16_t(w.masterPort);
    options.isServer = server;
    options.waitWorkers = false; // the world-size check waits, with a message of its own
    options.timeout = timeout;
    const std::string where = w.masterAddr + ":" + std::to_string(w.masterPort);
    c10::intrusive_ptr<c10d::Store> store;
    try {
        store = c10::make_intrusive<c10d::TCPStore>(w.masterAddr, options);
    } catch (const std::exception& e) {
        const std::string detail = e.what();
        if (server && detail.find("Address already in use") != std::string::npos)
            throw Error("port " + std::to_string(w.masterPort) +
                        " is already in use on this machine, so rank 0 cannot serve the rendezvous there: "
                        "choose another with --master-port (or MASTER_PORT)");
        if (server)
            throw Error("rank 0 cannot serve the rendezvous on " + where + ": " + detail);
        if (w.launcherServesStore)
            throw Error("rank " + std::to_string(w.rank) + " could not reach the store of torchrun's rendezvous at " +
                        where + " within " + secondsText(timeout) + " (" + detail + ")");
        throw Error("rank " + std::to_string(w.rank) + " could not reach the rendezvous master at " + where +
                    " within " + secondsText(timeout) +
                    ": start rank 0 there, or check --master-addr/--master-port (" + detail + ")");
    }
    const std::string prefix = storeKeyPrefix(w);
    if (prefix.empty())
        return store;
    return c10::make_intrusive<c10d::PrefixStore>(prefix, store);
}

} // namespace lw::distributed
