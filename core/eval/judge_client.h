#pragma once
// A client of an OpenAI-compatible chat-completions endpoint (a local `llmwb serve`,
// llama.cpp's server, vLLM, a hosted API) asking a judge model, greedily, one
// conversation at a time. Connection errors, 429 and 5xx answers are retried with
// exponential backoff (Retry-After honoured up to the backoff's cap); other 4xx answers
// are not. Every failure says what the server answered. Safe to use from several
// threads at once: each request opens its own connection.
#include "core/generate/chat_template.h"

#include <string>
#include <vector>

namespace lw::eval {

struct JudgeEndpoint {
    // http://host:port[/prefix], e.g. http://127.0.0.1:8080/v1 (requests go to
    // <prefix>/chat/completions), or a URL ending in /chat/completions itself. https://
    // URLs work when cpp-httplib was built with OpenSSL (Debian's is).
    std::string url;
    std::string model;  // the "model" field; empty: left out (single-model servers)
    std::string apiKey; // sent as "Authorization: Bearer <key>" when not empty
    double timeoutSeconds = 120; // connect, and each read or write
    int retries = 3;             // further attempts after the first
    double backoffSeconds = 1;   // before the first retry; doubled each time, at most 30 s
    int maxTokens = 1024;        // the judge's reply at most

    void validate() const; // lw::Error naming the field
};

// LLMWB_JUDGE_API_KEY, else OPENAI_API_KEY, else "".
std::string judgeApiKeyFromEnvironment();

struct JudgeReply {
    bool ok = false;
    std::string content; // the judge's reply (ok)
    std::string error;   // what went wrong, with the server's answer (not ok)
    int attempts = 0;    // requests sent, retries included
};

class JudgeClient {
public:
    explicit JudgeClient(JudgeEndpoint endpoint); // validates
    JudgeReply ask(const std::vector<generate::ChatMessage>& messages) const;
    const JudgeEndpoint& endpoint() const { return m_endpoint; }

private:
    JudgeEndpoint m_endpoint;
    std::string m_origin; // scheme://host:port
    std::string m_path;   // .../chat/completions
};

} // namespace lw::eval
