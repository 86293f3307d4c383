#pragma once
// A real HTTP client (cpp-httplib) for the server tests, one connection per call.
#include <QElapsedTimer>
#include <QThread>
#include <functional>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace lw::test {

using nlohmann::json;

struct HttpReply {
    int status = 0; // 0: no answer (the client gave up or could not connect)
    std::string body, retryAfter;
    json parsed() const { return json::parse(body, nullptr, false); }
};

// POST a JSON body; a client that waits longer than `readTimeoutMs` hangs up.
inline HttpReply post(int port, const std::string& path, const json& body, int readTimeoutMs = 120000)
{
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(readTimeoutMs / 1000, (readTimeoutMs % 1000) * 1000);
    HttpReply reply;
    if (auto res = client.Post(path.c_str(), body.dump(), "application/json")) {
        reply.status = res->status;
        reply.body = res->body;
        reply.retryAfter = res->get_header_value("Retry-After");
    }
    return reply;
}

// One user message; no temperature, seed or stream: the server's defaults.
inline json chatBody(const std::string& content, int maxTokens)
{
    return {{"messages", json::array({{{"role", "user"}, {"content", content}}})}, {"max_tokens", maxTokens}};
}

// GET `path`; status 0 when there was no answer.
inline HttpReply get(int port, const std::string& path)
{
    httplib::Client client("127.0.0.1", port);
    HttpReply reply;
    if (auto res = client.Get(path.c_str())) {
        reply.status = res->status;
        reply.body = res->body;
        reply.retryAfter = res->get_header_value("Retry-After");
    }
    return reply;
}

// Polls `condition` every 5 ms; false when it is still false after `timeoutMs`.
inline bool waitFor(const std::function<bool()>& condition, int timeoutMs = 20000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QThread::msleep(5);
    }
    return true;
}

// Client threads that are joined however the test function ends (a failed check returns early).
class JoiningThreads {
public:
    ~JoiningThreads() { joinAll(); }
    void add(std::function<void()> work) { m_threads.emplace_back(std::move(work)); }
    void joinAll()
    {
        for (auto& t : m_threads)
            if (t.joinable())
                t.join();
    }

private:
    std::vector<std::thread> m_threads;
};

} // namespace lw::test
