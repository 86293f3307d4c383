#pragma once
// Ranks of a loopback world as threads of the test process: each thread joins the
// rendezvous like a separate process would (its own store client and Gloo pairs).
#include "core/distributed/process_group.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <future>
#include <vector>

namespace lw::test {

inline int freeTestPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

inline distributed::WorldInfo loopbackWorld(int rank, int worldSize, int port)
{
    distributed::WorldInfo w;
    w.rank = rank;
    w.localRank = rank;
    w.worldSize = worldSize;
    w.localWorldSize = worldSize;
    w.masterAddr = "127.0.0.1";
    w.masterPort = port;
    return w;
}

// Runs body(rank) on one thread per rank; returns each rank's error text ("" when
// it finished without one).
inline std::vector<std::string> runRanks(int ranks, const std::function<void(int)>& body)
{
    std::vector<std::future<std::string>> futures;
    for (int r = 0; r < ranks; ++r)
        futures.push_back(std::async(std::launch::async, [r, &body]() -> std::string {
            try {
                body(r);
                return {};
            } catch (const std::exception& e) {
                return std::string(e.what()).empty() ? "error" : e.what();
            }
        }));
    std::vector<std::string> errors;
    for (auto& f : futures)
        errors.push_back(f.get());
    return errors;
}

} // namespace lw::test
