#pragma once
// What the server does with a request once it is read, apart from HTTP: the prompt
// becomes tokens (through the chat template for chat), max_tokens is checked against
// the model's context and the server's cap, and the job joins the generation queue.
// The model may come later than the server (the demo model trains first): until it is
// attached, requests get 503 with the loading progress (model_status.h).
#include "core/generate/chat_template.h"
#include "core/serve/generation_queue.h"
#include "core/serve/model_status.h"
#include "core/serve/openai_request.h"
#include "core/serve/served_model.h"
#include "core/serve/server_options.h"

#include <memory>
#include <mutex>

namespace lw::serve {

// OpenAI's default max_tokens for /v1/completions; chat answers may fill the context.
constexpr int64_t kDefaultCompletionTokens = 16;

class CompletionService {
public:
    // Loads the chat template (lw::Error when it is bad). No model yet: `modelId` is
    // what /v1/models lists meanwhile.
    CompletionService(const ServerOptions& options, std::string modelId);
    ~CompletionService();

    // Answers with `model` from now on and starts the generation thread. `model` must
    // outlive the service. Ignored after stop().
    void attach(ServedModel& model);
    // While no model is attached: what the loading does now, or that it failed.
    void setProgress(const ModelProgress& progress);
    void setFailed(const std::string& message);
    ModelStatus status() const;

    struct Prepared {
        generate::GenerationRequest request;
        int64_t promptTokens = 0;
        std::string echo; // the prompt as text, for "echo": true
        size_t variant = 0;  // the served model the request named (ServedModel::variantNamed)
        std::string modelId; // its id, for the answer
    };
    // ApiError 400 when the prompt has unknown token ids or it and max_tokens do not
    // fit; 404 when it names a model not served; 503 while the model is not ready.
    Prepared prepare(const CompletionRequest& request) const;
    // ApiError 429 when the queue is full, 503 once stopped or while not ready.
    std::shared_ptr<GenerationJob> submit(generate::GenerationRequest request, size_t variant = 0);
    void stop();

    GenerationQueue::Counts counts() const;

private:
    struct Engine;
    // The attached model and its queue; ApiError 503 (status().notReadyError()) before.
    std::shared_ptr<Engine> engine() const;
    int64_t maxTokensCap(const ServedModel& model) const;

    const ServerOptions m_options;
    const generate::ChatTemplate m_chatTemplate; // chatml when the option says "model"
    const bool m_modelTemplate;                   // prefer the served model's own template
    mutable std::mutex m_mutex;
    ModelStatus m_status;
    std::shared_ptr<Engine> m_engine;
    bool m_stopped = false;
};

} // namespace lw::serve
