#include "core/eval/judge_client.h"

#include "core/util/error.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/x509.h>

#include <algorithm>
#include <filesystem>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <thread>

namespace lw::eval {

namespace {

using Json = nlohmann::json;

// The start of a body for an error message: enough to show the server's reason.
std::string bodyExcerpt(const std::string& body)
{
    constexpr size_t kMax = 300;
    std::string text = body.size() > kMax ? body.substr(0, kMax) + "..." : body;
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text.empty() ? "(empty body)" : text;
}

std::string replyContent(const std::string& body)
{
    const Json reply = Json::parse(body, nullptr, false);
    if (reply.is_discarded())
        throw Error("the judge's answer is not JSON: " + bodyExcerpt(body));
    const Json* choices = reply.is_object() && reply.contains("choices") ? &reply["choices"] : nullptr;
    if (!choices || !choices->is_array() || choices->empty() || !(*choices)[0].is_object())
        throw Error("the judge's answer has no choices: " + bodyExcerpt(body));
    const Json& choice = (*choices)[0];
    if (choice.contains("message") && choice["message"].is_object() && choice["message"].contains("content") &&
        choice["message"]["content"].is_string())
        return choice["message"]["content"].get<std::string>();
    throw Error("the judge's answer has no message content: " + bodyExcerpt(body));
}

// What a failed request means for the next one. The one place that decides which
// failures are retried.
enum class Failure {
    Transient, // asking again may work: retried with backoff
    Final,     // this example's answer would be the same: an error for this example
    StopsRun,  // every example would fail the same way: the run stops (JudgeTlsError)
};

// A request that got no HTTP answer. The connection refused, reset or closed (during the
// TLS handshake too: SSLConnection), a time-out, a read or write cut short: the network
// or a restarting server, so transient. A certificate that fails verification, or trust
// anchors that cannot be loaded, fail again on every attempt and for every example.
Failure failureOf(httplib::Error error)
{
    switch (error) {
    case httplib::Error::SSLServerVerification:
    case httplib::Error::SSLLoadingCerts:
        return Failure::StopsRun;
    case httplib::Error::Connection:
    case httplib::Error::ConnectionTimeout:
    case httplib::Error::Read:
    case httplib::Error::Write:
    case httplib::Error::SSLConnection:
    case httplib::Error::Unknown:
        return Failure::Transient;
    default: // a request this client cannot send (bad address, redirects, compression)
        return Failure::Final;
    }
}

// An HTTP answer other than 200: too many requests and server errors pass, other
// client errors (a wrong model name, a refused key) would be answered the same.
Failure failureOf(int status)
{
    return status == 429 || status >= 500 ? Failure::Transient : Failure::Final;
}

std::string noAnswerMessage(const httplib::Client& client, httplib::Error error, const std::string& url,
                            const std::string& caFile)
{
    const std::string trust =
        caFile.empty() ? "the system's certificate store (or SSL_CERT_FILE)" : "the CA file " + caFile;
    if (error == httplib::Error::SSLLoadingCerts)
        return "cannot load the certificates to verify the judge at " + url + " from " + trust;
    if (error == httplib::Error::SSLServerVerification) {
        const long verify = client.get_openssl_verify_result();
        const std::string why = verify != X509_V_OK ? X509_verify_cert_error_string(verify)
                                                    : "it was issued for another host name";
        return "the judge at " + url + " presented a certificate that is not trusted (" + why + ", checked against " +
               trust + "): give the certificate authority that signed it with --judge-ca FILE";
    }
    if (error == httplib::Error::SSLConnection)
        return "the TLS handshake with the judge at " + url +
               " did not complete (the connection was closed or reset, or it is not an https server)";
    return "no answer from " + url + ": " + httplib::to_string(error);
}

} // namespace

void JudgeEndpoint::validate() const
{
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        throw Error::inField("judge", "must be an http:// or https:// URL, got '" + url + "'");
    if (!(timeoutSeconds > 0))
        throw Error::inField("timeout", "must be more than 0 seconds");
    if (retries < 0)
        throw Error::inField("retries", "must be 0 or more");
    if (backoffSeconds < 0)
        throw Error::inField("backoff", "must be 0 or more");
    if (maxTokens < 1)
        throw Error::inField("max-tokens", "must be at least 1");
    if (!caFile.empty()) {
        if (url.rfind("https://", 0) != 0)
            throw Error::inField("judge-ca", "applies to an https:// judge only, got '" + url + "'");
        std::error_code ec;
        if (!std::filesystem::is_regular_file(caFile, ec))
            throw Error::inFile(caFile, "no such certificate file (judge-ca)");
    }
}

std::string judgeApiKeyFromEnvironment()
{
    for (const char* name : {"LLMWB_JUDGE_API_KEY", "OPENAI_API_KEY"})
        if (const char* value = std::getenv(name); value && *value)
            return value;
    return {};
}

JudgeClient::JudgeClient(JudgeEndpoint endpoint) : m_endpoint(std::move(endpoint))
{
    m_endpoint.validate();
    // OpenSSL writes to the socket with write(2): a judge that closes its end while a
    // request is sent would raise SIGPIPE and end the process instead of failing the
    // attempt (which is then retried).
    std::signal(SIGPIPE, SIG_IGN);
    const std::string& url = m_endpoint.url;
    const size_t hostStart = url.find("://") + 3;
    const size_t pathStart = url.find('/', hostStart);
    m_origin = url.substr(0, pathStart);
    if (m_origin.size() == hostStart)
        throw Error::inField("judge", "has no host: '" + url + "'");
    std::string path = pathStart == std::string::npos ? std::string() : url.substr(pathStart);
    while (!path.empty() && path.back() == '/')
        path.pop_back();
    const std::string endpointPath = "/chat/completions";
    const bool complete =
        path.size() >= endpointPath.size() && path.compare(path.size() - endpointPath.size(), endpointPath.size(),
                                                           endpointPath) == 0;
    m_path = complete ? path : path + endpointPath;
}

JudgeReply JudgeClient::ask(const std::vector<generate::ChatMessage>& messages) const
{
    Json request = {{"messages", Json::array()}, {"temperature", 0}, {"max_tokens", m_endpoint.maxTokens},
                    {"stream", false}};
    if (!m_endpoint.model.empty())
        request["model"] = m_endpoint.model;
    for (const auto& m : messages)
        request["messages"].push_back({{"role", m.role}, {"content", m.content}});
    const std::string body = request.dump(-1, ' ', false, Json::error_handler_t::replace);

    const auto timeout = std::chrono::microseconds(int64_t(m_endpoint.timeoutSeconds * 1e6));
    JudgeReply reply;
    for (int attempt = 0; attempt <= m_endpoint.retries; ++attempt) {
        httplib::Client client(m_origin);
        client.set_connection_timeout(timeout);
        client.set_read_timeout(timeout);
        client.set_write_timeout(timeout);
        if (!m_endpoint.apiKey.empty())
            client.set_bearer_token_auth(m_endpoint.apiKey);
        if (m_origin.rfind("https://", 0) == 0) {
            client.enable_server_certificate_verification(true); // never trust an unverified judge with the data
            if (!m_endpoint.caFile.empty())
                client.set_ca_cert_path(m_endpoint.caFile);
        }
        ++reply.attempts;
        const httplib::Result result = client.Post(m_path, body, "application/json");
        double retryAfter = -1;
        if (!result) {
            reply.error = noAnswerMessage(client, result.error(), m_origin + m_path, m_endpoint.caFile);
            const Failure failure = failureOf(result.error());
            if (failure == Failure::StopsRun)
                throw JudgeTlsError(reply.error);
            if (failure == Failure::Final)
                return reply;
        } else if (result->status == 200) {
            try {
                reply.content = replyContent(result->body);
                reply.ok = true;
                reply.error.clear();
            } catch (const Error& e) {
                reply.error = e.what(); // a well-formed HTTP answer: asking again would get the same
            }
            return reply;
        } else {
            reply.error = "the judge answered HTTP " + std::to_string(result->status) + ": " +
                          bodyExcerpt(result->body);
            if (failureOf(result->status) == Failure::Final)
                return reply;
            if (result->has_header("Retry-After"))
                retryAfter = std::atof(result->get_header_value("Retry-After").c_str());
        }
        if (attempt == m_endpoint.retries)
            break;
        constexpr double kMaxBackoff = 30;
        double wait = std::min(kMaxBackoff, m_endpoint.backoffSeconds * std::pow(2.0, attempt));
        if (retryAfter > 0)
            wait = std::min(kMaxBackoff, std::max(wait, retryAfter));
        std::this_thread::sleep_for(std::chrono::microseconds(int64_t(wait * 1e6)));
    }
    reply.error += " (after " + std::to_string(reply.attempts) + " attempts)";
    return reply;
}

} // namespace lw::eval
