#pragma once
// A client of an OpenAI-compatible chat-completions endpoint (a local `llmwb serve`,
// llama.cpp's server, vLLM, a hosted API) asking a judge model, greedily, one
// conversation at a time. Connection errors (refused, reset, closed, timed out, a TLS
// handshake cut short), 429 and 5xx answers are retried with exponential backoff
// (Retry-After honoured up to the backoff's cap); other 4xx answers are not. Every failure says what the server answered. Safe to use from several
// threads at once: each request opens its own connection.
#include "core/generate/chat_template.h"
#include "core/util/error.h"

#include <string>
#include <vector>

namespace lw::eval {

struct JudgeEndpoint {
    // http://host:port[/prefix], e.g. http://127.0.0.1:8080/v1 (requests go to
    // <prefix>/chat/completions), or a URL ending in /chat/completions itself. https://
    // URLs work when cpp-httplib was built with OpenSSL (Debian's is): the server's
    // certificate is always verified, chain and host name.
    std::string url;
    // https: a PEM file of the certificate authorities to trust instead of the system's
    // store (empty: the system's store, which OpenSSL reads from SSL_CERT_FILE or
    // SSL_CERT_DIR when they are set, e.g. for a judge with a self-signed certificate).
    std::string caFile;
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

// The judge's certificate could not be verified (untrusted, expired, another host's), or
// the certificates to verify it with could not be loaded: asking again would fail the
// same way for every example, so the judge run stops at once with this error, which
// names the URL. (A handshake that the connection's loss cut short is retried instead.)
class JudgeTlsError : public Error {
public:
    using Error::Error;
};

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
