#include "core/serve/api_server.h"

#include "core/serve/answer_writer.h"
#include "core/serve/client_connection.h"
#include "core/serve/completion_service.h"
#include "core/serve/http_thread_pool.h"
#include "core/serve/openai_response.h"
#include "core/util/error.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <httplib.h>
#include <mutex>
#include <optional>
#include <strings.h>
#include <sys/socket.h>
#include <thread>

namespace lw::serve {

namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kSpareHttpThreads = 16;

// The request being answered on this HTTP thread: httplib runs the pre-routing
// handler, the handler, a streamed body and the logger of one request on one thread.
thread_local RequestRecord t_record;
thread_local Clock::time_point t_started;
thread_local bool t_recording = false; // t_record belongs to the request being answered

std::string trimmed(const std::string& s)
{
    const size_t begin = s.find_first_not_of(" \t");
    if (begin == std::string::npos)
        return {};
    return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

void beginRecord(const httplib::Request& req)
{
    t_started = Clock::now();
    t_recording = true;
    t_record = RequestRecord();
    t_record.method = req.method;
    t_record.path = req.path;
}

// Errors httplib answers by itself (no route, body too large, bad request line).
ApiError transportError(const httplib::Request& req, int status, size_t maxBytes)
{
    switch (status) {
    case 404:
        return ApiError(404, "unknown URL: " + req.method + " " + req.path +
                                 " (this server answers GET /v1/models, POST /v1/completions and "
                                 "POST /v1/chat/completions)",
                        "invalid_request_error", {}, "unknown_url");
    case 413:
        return ApiError(413, "the request body is larger than the server's limit of " + std::to_string(maxBytes) +
                                 " bytes",
                        "invalid_request_error", {}, "request_too_large");
    case 414:
        return ApiError(414, "the request URL is too long", "invalid_request_error", {}, "uri_too_long");
    case 400:
        return ApiError(400, "malformed HTTP request", "invalid_request_error");
    default:
        return ApiError(status, "HTTP error " + std::to_string(status),
                        status >= 500 ? "server_error" : "invalid_request_error");
    }
}

std::string urlFor(const std::string& host, int port)
{
    const bool ipv6 = host.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

} // namespace

struct ApiServer::Impl {
    ServerOptions options;
    std::unique_ptr<ServedModel> ownedModel; // before `service`: it outlives the generation thread
    CompletionService service;
    httplib::Server http;
    std::function<void(const RequestRecord&)> observer;
    std::thread listener;
    std::once_flag stopOnce;
    ListeningAddress address;
    std::shared_ptr<std::atomic<int>> openStreams = std::make_shared<std::atomic<int>>(0);

    Impl(const std::string& modelId, ServerOptions o) : options(std::move(o)), service(options, modelId) {}

    bool authorized(const httplib::Request& req) const
    {
        if (options.apiKey.empty())
            return true;
        const std::string header = req.get_header_value("Authorization");
        if (header.size() < 7 || ::strncasecmp(header.c_str(), "Bearer ", 7) != 0)
            return false;
        return constantTimeEquals(trimmed(header.substr(7)), options.apiKey);
    }

    void routes()
    {
        // Streamed answers are many small writes: without TCP_NODELAY, Nagle's algorithm
        // holds each one until the client's (delayed) ACK, up to 40 ms a token.
        http.set_tcp_nodelay(true);
        http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            beginRecord(req);
            if (authorized(req))
                return httplib::Server::HandlerResponse::Unhandled;
            const bool missing = !req.has_header("Authorization");
            sendError(res, ApiError(401,
                                    missing ? "missing API key: send the header \"Authorization: Bearer <key>\""
                                            : "invalid API key",
                                    "invalid_request_error", {}, "invalid_api_key"));
            res.set_header("WWW-Authenticate", "Bearer");
            res.set_header("Connection", "close"); // the unread body must not be taken for a request
            return httplib::Server::HandlerResponse::Handled;
        });
        http.Get("/v1/models", [this](const httplib::Request&, httplib::Response& res) {
            res.set_content(jsonText(modelListJson(service.status())), "application/json");
        });
        http.Get(R"(/v1/models/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
            const ModelStatus status = service.status();
            const nlohmann::json entry = status.entryJson(req.matches[1]);
            if (entry.is_null())
                return sendError(res, status.unknownModelError(req.matches[1]));
            res.set_content(jsonText(entry), "application/json");
        });
        http.Post("/v1/completions", [this](const httplib::Request& req, httplib::Response& res,
                                            const httplib::ContentReader& read) {
            answer(req, res, read, Endpoint::Completions);
        });
        http.Post("/v1/chat/completions", [this](const httplib::Request& req, httplib::Response& res,
                                                 const httplib::ContentReader& read) {
            answer(req, res, read, Endpoint::ChatCompletions);
        });
        http.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req,
                                                                           httplib::Response& res) {
            if (!res.body.empty())
                return httplib::Server::HandlerResponse::Unhandled; // already a JSON error of ours
            sendError(res, transportError(req, res.status, options.maxRequestBytes));
            return httplib::Server::HandlerResponse::Handled;
        }));
        http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
            std::string message = "internal error";
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& e) {
                message += std::string(": ") + e.what();
            } catch (...) {
            }
            sendError(res, ApiError(500, message, "server_error"));
        });
        // Refuse a body announced too large before it is sent.
        http.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
            if (req.get_header_value<uint64_t>("Content-Length") <= options.maxRequestBytes)
                return 100;
            beginRecord(req);
            sendError(res, transportError(req, 413, options.maxRequestBytes)); // httplib sends res as it is
            res.set_header("Connection", "close"); // the body the client may still send is not read
            return 413;
        });
        http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
            if (!t_recording)
                beginRecord(req); // refused before routing (a bad request line, a URL too long)
            t_recording = false;
            t_record.status = res.status;
            t_record.milliseconds = std::chrono::duration<double, std::milli>(Clock::now() - t_started).count();
            if (observer)
                observer(t_record);
        });
    }

    // The body, read here rather than by httplib: its own limit does not cover chunked
    // uploads, which it would otherwise gather whole whatever their size.
    std::optional<std::string> readBody(const httplib::Request& req, httplib::Response& res,
                                        const httplib::ContentReader& read)
    {
        std::string body;
        bool tooLarge = false;
        const bool complete = read([&](const char* data, size_t size) {
            tooLarge = body.size() + size > options.maxRequestBytes;
            if (!tooLarge)
                body.append(data, size);
            return !tooLarge;
        });
        if (complete)
            return body;
        if (tooLarge || res.status == 413) {
            sendError(res, transportError(req, 413, options.maxRequestBytes));
            res.set_header("Connection", "close"); // the rest of the body is not read
        } else {
            sendError(res, ApiError(400, "the request body could not be read (cut short or badly chunked)"));
        }
        return std::nullopt;
    }

    void answer(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read,
                Endpoint endpoint)
    {
        const std::optional<std::string> body = readBody(req, res, read);
        if (!body)
            return;
        try {
            const CompletionRequest request = parseCompletionRequest(*body, endpoint);
            CompletionService::Prepared prepared = service.prepare(request);
            t_record.stream = request.stream;
            t_record.promptTokens = prepared.promptTokens;
            auto job = service.submit(std::move(prepared.request), prepared.variant);
            auto client = std::make_shared<ClientConnection>(req.remote_addr, req.remote_port, req.local_port);
            AnswerWriter writer(job, client, newAnswerHeader(endpoint, prepared.modelId, request.logprobs),
                                prepared.promptTokens, request.echo ? prepared.echo : std::string(),
                                request.includeUsage);
            if (request.stream)
                return writer.stream(res, t_record, openStreams);
            writer.whole(res, t_record);
        } catch (const ApiError& e) {
            sendError(res, e);
        }
    }
};

ApiServer::ApiServer(ServedModel& model, ServerOptions options) : ApiServer(model.id, std::move(options))
{
    m_impl->service.attach(model);
}

ApiServer::ApiServer(const std::string& modelId, ServerOptions options)
{
    options.validate();
    m_impl = std::make_unique<Impl>(modelId, std::move(options));
    m_impl->routes();
}

ApiServer::~ApiServer()
{
    stop();
    wait();
}

void ApiServer::setRequestObserver(std::function<void(const RequestRecord&)> observer)
{
    m_impl->observer = std::move(observer);
}

const ServerOptions& ApiServer::options() const
{
    return m_impl->options;
}

void ApiServer::serveModel(std::unique_ptr<ServedModel> model)
{
    if (m_impl->ownedModel)
        throw Error("the server already has its model");
    // Kept even when the server has stopped meanwhile: it goes with the server.
    m_impl->ownedModel = std::move(model);
    m_impl->service.attach(*m_impl->ownedModel);
}

void ApiServer::setModelProgress(const ModelProgress& progress)
{
    m_impl->service.setProgress(progress);
}

void ApiServer::setModelFailed(const std::string& message)
{
    m_impl->service.setFailed(message);
}

ModelStatus ApiServer::modelStatus() const
{
    return m_impl->service.status();
}

GenerationQueue::Counts ApiServer::counts() const
{
    return m_impl->service.counts();
}

ListeningAddress ApiServer::start()
{
    Impl& s = *m_impl;
    if (s.listener.joinable())
        throw Error("the server is already running at " + s.address.url);
    // A client that hangs up mid-answer must end a write with an error, not the process.
    std::signal(SIGPIPE, SIG_IGN);
    const ServerOptions& o = s.options;
    // A waiting request holds its HTTP thread: enough threads for every place in the
    // queue and the batch, and some more so that further clients still get a quick 429
    // (or their model list) instead of waiting for a thread.
    const size_t threads = size_t(o.maxWaiting) + size_t(o.maxBatch) + kSpareHttpThreads;
    s.http.new_task_queue = [threads] { return new HttpThreadPool(threads); };
    s.http.set_payload_max_length(o.maxRequestBytes);
    s.http.set_keep_alive_max_count(100);
    // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let a second server share a busy port.
    socket_t listening = INVALID_SOCKET;
    s.http.set_socket_options([&listening](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listening = sock;
    });
    int port = o.port;
    if (port == 0)
        port = s.http.bind_to_any_port(o.host);
    else if (!s.http.bind_to_port(o.host, port))
        port = -1;
    if (port <= 0)
        throw Error::inField("port", "cannot listen on " + urlFor(o.host, o.port) +
                                         ": the port is taken or the address is not one of this machine's");
    // Debian's httplib listens with a backlog of 5: 64 clients connecting at once lose
    // SYNs and wait a second for the retry. listen() again raises it (Linux keeps the
    // socket and its bound address).
    if (listening != INVALID_SOCKET)
        ::listen(listening, SOMAXCONN);
    s.http.set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    s.address = {o.host, port, urlFor(o.host, port)};
    s.listener = std::thread([&s] { s.http.listen_after_bind(); });
    return s.address;
}

void ApiServer::stop()
{
    Impl& s = *m_impl;
    std::call_once(s.stopOnce, [&s] {
        s.service.stop();
        // Streams now have their ending (an error event and [DONE]) to write: give them
        // a moment before the sockets close.
        const auto deadline = Clock::now() + std::chrono::seconds(2);
        while (*s.openStreams > 0 && Clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        s.http.stop();
    });
}

void ApiServer::wait()
{
    if (m_impl->listener.joinable())
        m_impl->listener.join();
}

void ApiServer::run(const std::function<void(const ListeningAddress&)>& onListening)
{
    const ListeningAddress address = start();
    if (onListening)
        onListening(address);
    wait();
}

} // namespace lw::serve
