#include "core/serve/server_options.h"

#include "core/util/error.h"
#include "core/util/sha256.h"

#include <arpa/inet.h>
#include <sstream>

namespace lw::serve {

bool isLoopbackHost(const std::string& host)
{
    if (host == "localhost" || host == "::1" || host == "[::1]")
        return true;
    in_addr address{};
    if (::inet_pton(AF_INET, host.c_str(), &address) == 1)
        return (ntohl(address.s_addr) >> 24) == 127;
    return false;
}

bool constantTimeEquals(const std::string& a, const std::string& b)
{
    // Digests have one length whatever the inputs, so the loop runs the same for all.
    const std::string x = util::sha256Hex(a), y = util::sha256Hex(b);
    unsigned char difference = 0;
    for (size_t i = 0; i < x.size(); ++i)
        difference |= static_cast<unsigned char>(x[i] ^ y[i]);
    return difference == 0;
}

void ServerOptions::validate() const
{
    if (host.empty())
        throw Error::inField("host", "must not be empty");
    if (!isLoopbackHost(host) && apiKey.empty())
        throw Error::inField("host", "'" + host +
                                         "' can be reached from other machines: give an API key (--api-key) "
                                         "to listen there, or keep the default 127.0.0.1");
    if (port < 0 || port > 65535)
        throw Error::inField("port", "must be between 0 (any free port) and 65535, got " + std::to_string(port));
    if (maxWaiting < 0 || maxWaiting > kMaxWaitingLimit)
        throw Error::inField("max_waiting", "must be between 0 and " + std::to_string(kMaxWaitingLimit) + ", got " +
                                                std::to_string(maxWaiting));
    if (!(queueTimeoutSeconds > 0) || queueTimeoutSeconds > 86400) {
        std::ostringstream got;
        got << queueTimeoutSeconds;
        throw Error::inField("queue_timeout", "must be more than 0 and at most 86400 seconds, got " + got.str());
    }
    if (maxBatch < 1 || maxBatch > 64)
        throw Error::inField("max_batch", "must be between 1 and 64, got " + std::to_string(maxBatch));
    if (maxRequestBytes < 1024)
        throw Error::inField("max_request_bytes", "must be at least 1024, got " + std::to_string(maxRequestBytes));
    if (maxTokens < 0)
        throw Error::inField("max_tokens", "must be 0 (the model's context) or positive");
    for (char c : apiKey)
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f)
            throw Error::inField("api_key", "must not contain spaces or control characters");
}

} // namespace lw::serve
