#pragma once
// Whether the client of a request is still there. httplib gives a handler no handle on
// its connection, and a client that waits for a whole (not streamed) answer sends
// nothing more: only its socket tells that it hung up. The socket is found once per
// request by its address pair (unique among open TCP connections), then checked
// without reading anything from it.
#include <string>

namespace lw::serve {

class ClientConnection {
public:
    // The connection from remoteAddress:remotePort to localPort, as httplib reports
    // them (numeric addresses). Not found (a Unix socket, a test without one): always open.
    ClientConnection(const std::string& remoteAddress, int remotePort, int localPort);

    // True once the client closed or reset the connection. Bytes it sent meanwhile (its
    // next request) stay unread, for httplib.
    bool closed() const;

    bool found() const { return m_socket >= 0; }

private:
    int m_socket = -1;
};

} // namespace lw::serve
