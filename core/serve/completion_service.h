#pragma once
// What the server does with a request once it is read, apart from HTTP: the prompt
// becomes tokens (through the chat template for chat), max_tokens is checked against
// the model's context and the server's cap, and the job joins the generation queue.
#include "core/generate/chat_template.h"
#include "core/serve/generation_queue.h"
#include "core/serve/openai_request.h"
#include "core/serve/served_model.h"
#include "core/serve/server_options.h"

#include <memory>

namespace lw::serve {

// OpenAI's default max_tokens for /v1/completions; chat answers may fill the context.
constexpr int64_t kDefaultCompletionTokens = 16;

class CompletionService {
public:
    // Loads the chat template (lw::Error when it is bad) and starts the generation thread.
    CompletionService(ServedModel& model, const ServerOptions& options);

    struct Prepared {
        generate::GenerationRequest request;
        int64_t promptTokens = 0;
        std::string echo; // the prompt as text, for "echo": true
    };
    // ApiError 400 when the prompt has unknown token ids or it and max_tokens do not fit.
    Prepared prepare(const CompletionRequest& request) const;
    // ApiError 429 when the queue is full, 503 once stopped.
    std::shared_ptr<GenerationJob> submit(generate::GenerationRequest request);
    void stop() { m_queue.stop(); }

    const ServedModel& model() const { return m_model; }
    // The largest max_tokens a request may ask for.
    int64_t maxTokensCap() const;
    GenerationQueue::Counts counts() const { return m_queue.counts(); }

private:
    ServedModel& m_model;
    const ServerOptions m_options;
    const generate::ChatTemplate m_chatTemplate;
    GenerationQueue m_queue;
};

} // namespace lw::serve
