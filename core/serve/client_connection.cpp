#include "core/serve/client_connection.h"

#include <cerrno>
#include <cstdlib>
#include <dirent.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lw::serve {

namespace {

// The numeric address and port of a socket name, as httplib writes them (getnameinfo).
bool describe(const sockaddr_storage& address, socklen_t length, std::string& host, int& port)
{
    char name[NI_MAXHOST];
    if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, name, sizeof name, nullptr, 0,
                      NI_NUMERICHOST) != 0)
        return false;
    host = name;
    if (address.ss_family == AF_INET)
        port = ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
    else if (address.ss_family == AF_INET6)
        port = ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
    else
        return false;
    return true;
}

bool matches(int fd, const std::string& remoteAddress, int remotePort, int localPort)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    std::string host;
    int port = 0;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        !describe(address, length, host, port) || port != localPort)
        return false;
    length = sizeof address;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        !describe(address, length, host, port))
        return false;
    return port == remotePort && host == remoteAddress;
}

} // namespace

ClientConnection::ClientConnection(const std::string& remoteAddress, int remotePort, int localPort)
{
    if (remotePort <= 0 || localPort <= 0)
        return;
    // httplib answers a keep-alive connection's requests on one thread: the socket of
    // this thread's last request is most likely this one's too.
    thread_local int lastSocket = -1;
    if (lastSocket >= 0 && matches(lastSocket, remoteAddress, remotePort, localPort)) {
        m_socket = lastSocket;
        return;
    }
    DIR* fds = ::opendir("/proc/self/fd");
    if (!fds)
        return;
    const int own = ::dirfd(fds);
    while (const dirent* entry = ::readdir(fds)) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
            continue;
        const int fd = std::atoi(entry->d_name);
        if (fd != own && matches(fd, remoteAddress, remotePort, localPort)) {
            m_socket = lastSocket = fd;
            break;
        }
    }
    ::closedir(fds);
}

bool ClientConnection::closed() const
{
    if (m_socket < 0)
        return false;
    char byte;
    const ssize_t n = ::recv(m_socket, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0)
        return false; // the next request of a keep-alive client
    if (n == 0)
        return true; // orderly shutdown
    return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

} // namespace lw::serve
