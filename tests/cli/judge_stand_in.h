#pragma once
// A stand-in for a remote judge LLM: a loopback OpenAI-compatible server (cpp-httplib,
// http or https) whose replies the test decides, recording what the client sent. Each
// route under its own prefix:
//   /fixed/v1   a verdict chosen from the question's marker (Q-one, Q-two, Q-three)
//   /flaky/v1   503 twice per conversation, then "Rating: [[7]]"
//   /bad/v1     400 with a JSON error
//   /slow/v1    as /fixed, but never answers Q-two within the client's time-out
//   /pair/v1    "[[A]]" or "[[B]]": whichever answer mentions the mat
//   /first/v1   always "[[A]]" (pure position bias)
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace lw::test {

class JudgeStandIn {
public:
    JudgeStandIn() : JudgeStandIn(std::make_unique<httplib::Server>(), "http") {}
    // The same routes over https, with the certificate and private key of these PEM files.
    JudgeStandIn(const std::string& certPath, const std::string& keyPath)
        : JudgeStandIn(std::make_unique<httplib::SSLServer>(certPath.c_str(), keyPath.c_str()), "https")
    {
    }
    ~JudgeStandIn()
    {
        m_server->stop();
        m_thread.join();
    }
    std::string url(const std::string& route) const
    {
        return m_scheme + "://127.0.0.1:" + std::to_string(m_port) + "/" + route + "/v1";
    }

    struct Seen {
        nlohmann::json body;
        std::string authorization;
    };
    std::vector<Seen> seen() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_seen;
    }
    int maxInFlight() const { return m_maxInFlight; }

private:
    static std::string userText(const nlohmann::json& body)
    {
        std::string text;
        for (const auto& m : body["messages"])
            text += m["content"].get<std::string>() + "\n";
        return text;
    }
    static bool has(const std::string& text, const char* what) { return text.find(what) != std::string::npos; }

    static void reply(httplib::Response& res, const std::string& content)
    {
        const nlohmann::json body = {
            {"object", "chat.completion"},
            {"choices", {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", content}}},
                          {"finish_reason", "stop"}}}}};
        res.set_content(body.dump(), "application/json");
    }

    static std::string fixedVerdict(const std::string& text)
    {
        if (has(text, "Q-one"))
            return "The answer is on topic and mostly right.\nRating: [[8]]";
        if (has(text, "Q-two"))
            return "The answer misses the question.\nRating: [[3]]";
        return "I cannot tell how good this answer is.";
    }

    void handle(const std::string& route, const httplib::Request& req, httplib::Response& res)
    {
        const int now = ++m_inFlight;
        for (int seen = m_maxInFlight; now > seen && !m_maxInFlight.compare_exchange_weak(seen, now);)
            ;
        const nlohmann::json body = nlohmann::json::parse(req.body);
        const std::string text = userText(body);
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_seen.push_back({body, req.get_header_value("Authorization")});
        }
        if (route == "fixed") {
            std::this_thread::sleep_for(std::chrono::milliseconds(150)); // lets concurrent requests overlap
            reply(res, fixedVerdict(text));
        } else if (route == "flaky") {
            int calls;
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                calls = ++m_calls[text];
            }
            if (calls <= 2) {
                res.status = 503;
                res.set_content(R"({"error": {"message": "judge overloaded"}})", "application/json");
            } else {
                reply(res, "Fine.\nRating: [[7]]");
            }
        } else if (route == "bad") {
            res.status = 400;
            res.set_content(R"({"error": {"message": "unknown model 'nobody'"}})", "application/json");
        } else if (route == "slow") {
            if (has(text, "Q-two"))
                std::this_thread::sleep_for(std::chrono::seconds(3));
            reply(res, fixedVerdict(text));
        } else if (route == "pair") {
            // The answer after "[Assistant A's answer]" comes first in the prompt.
            const size_t a = text.find("[Assistant A's answer]"), b = text.find("[Assistant B's answer]");
            const size_t mat = text.find("mat", a);
            reply(res, mat != std::string::npos && mat < b ? "A is about the mat. [[A]]" : "B is better. [[B]]");
        } else {
            reply(res, "I prefer the first one. [[A]]");
        }
        --m_inFlight;
    }

    JudgeStandIn(std::unique_ptr<httplib::Server> server, std::string scheme)
        : m_server(std::move(server)), m_scheme(std::move(scheme))
    {
        if (!m_server->is_valid())
            throw std::runtime_error("the judge stand-in cannot serve " + m_scheme + " (certificate or key unreadable?)");
        m_server->Post(R"(/(\w+)/v1/chat/completions)", [this](const httplib::Request& req, httplib::Response& res) {
            handle(req.matches[1].str(), req, res);
        });
        m_port = m_server->bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server->listen_after_bind(); });
    }

    std::unique_ptr<httplib::Server> m_server;
    std::string m_scheme;
    std::thread m_thread;
    int m_port = 0;
    mutable std::mutex m_mutex;
    std::vector<Seen> m_seen;
    std::map<std::string, int> m_calls;
    std::atomic<int> m_inFlight{0}, m_maxInFlight{0};
};

} // namespace lw::test
