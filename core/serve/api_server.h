#pragma once
// The local API: an OpenAI-compatible HTTP server (cpp-httplib, no Qt) in front of one
// model. GET /v1/models, POST /v1/completions and POST /v1/chat/completions, streamed
// as server-sent events or not (wire format: openai_request.h, openai_response.h).
//
//   ServedModel model = loadServedModel(path);
//   ApiServer server(model, options);          // lw::Error for bad options
//   ListeningAddress at = server.start();      // binds; serves on threads of its own
//   ... server.stop() from any thread (a signal watcher, the GUI's Stop button) ...
//   server.wait();
//
// Or listen before the model exists (the demo model trains first, demo_loader.h):
//   ApiServer server("demo", options);         // completions get 503 + Retry-After meanwhile
//   server.start();
//   server.setModelProgress(progress);         // shown in /v1/models and the 503 bodies
//   server.serveModel(std::make_unique<ServedModel>(loadServedModel(path)));
//
// HTTP threads read and check requests and hand them to the one generation thread
// (generation_queue.h: continuous batching); every error is a JSON body with a 4xx/5xx
// status, never a crash. With an API key, every request needs "Authorization: Bearer <key>".
#include "core/serve/generation_queue.h"
#include "core/serve/model_status.h"
#include "core/serve/served_model.h"
#include "core/serve/server_options.h"

#include <functional>
#include <memory>
#include <string>

namespace lw::serve {

struct ListeningAddress {
    std::string host;
    int port = 0;     // the real port, also when 0 was asked for
    std::string url;  // "http://127.0.0.1:8080"
};

// One answered request, for logs and the Chat panel.
struct RequestRecord {
    std::string method, path;
    int status = 0;
    bool stream = false;
    int64_t promptTokens = 0, completionTokens = 0;
    std::string finishReason; // "stop", "length", or empty
    double milliseconds = 0;
};

class ApiServer {
public:
    // `model` must outlive the server. Validates the options and loads the chat template.
    ApiServer(ServedModel& model, ServerOptions options);
    // No model yet: /v1/models lists `modelId` as loading, completions get 503 until serveModel().
    ApiServer(const std::string& modelId, ServerOptions options);
    ~ApiServer(); // stops and waits
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    // Called on an HTTP thread after each request; set before start().
    void setRequestObserver(std::function<void(const RequestRecord&)> observer);

    // Binds (lw::Error when the address is taken or invalid) and serves on threads of
    // its own; returns at once.
    ListeningAddress start();
    // Ends running generations at their next token (streams get an error event),
    // refuses waiting requests with 503, closes the socket. Any thread; idempotent.
    void stop();
    // Blocks until the server has stopped.
    void wait();
    // start(), `onListening`, wait(): for a thread of its own.
    void run(const std::function<void(const ListeningAddress&)>& onListening);

    const ServerOptions& options() const;

    // For a server made without a model (any thread): answer with `model` from now on;
    // what the loading does meanwhile; that it failed (completions then get 503 with
    // `message`, which should say how to go on).
    void serveModel(std::unique_ptr<ServedModel> model);
    void setModelProgress(const ModelProgress& progress);
    void setModelFailed(const std::string& message);
    ModelStatus modelStatus() const;

    // The generation queue's counters (zero before the model is there).
    GenerationQueue::Counts counts() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lw::serve
