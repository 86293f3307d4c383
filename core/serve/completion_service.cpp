#include "core/serve/completion_service.h"

#include <algorithm>
#include <mutex>
#include <random>

namespace lw::serve {

namespace {

uint64_t randomSeed()
{
    static std::mutex lock;
    static std::random_device device;
    std::lock_guard<std::mutex> guard(lock);
    return (uint64_t(device()) << 32) ^ device();
}

ApiError contextExceeded(const char* param, int64_t context, int64_t prompt, int64_t answer)
{
    return ApiError::invalid(param,
                             "this model's context is " + std::to_string(context) + " tokens, but the request needs " +
                                 std::to_string(prompt + answer) + " (" + std::to_string(prompt) +
                                 " in the prompt, " + std::to_string(answer) +
                                 " for the answer): lower max_tokens or shorten the prompt",
                             "context_length_exceeded");
}

} // namespace

CompletionService::CompletionService(ServedModel& model, const ServerOptions& options)
    : m_model(model), m_options(options), m_chatTemplate(generate::loadChatTemplate(options.chatTemplate)),
      m_queue(*model.generator, GenerationQueueOptions{options.maxConcurrent, options.maxBatch, options.threads})
{
}

int64_t CompletionService::maxTokensCap() const
{
    const int64_t context = m_model.contextLength();
    return m_options.maxTokens > 0 ? std::min(m_options.maxTokens, context) : context;
}

CompletionService::Prepared CompletionService::prepare(const CompletionRequest& r) const
{
    Prepared p;
    const tokenizer::Tokenizer& tokenizer = *m_model.tokenizer;
    const char* promptParam = "prompt";
    if (r.endpoint == Endpoint::ChatCompletions) {
        promptParam = "messages";
        p.request = m_model.generator->chatRequest(m_chatTemplate, r.messages, r.settings);
    } else {
        p.request.settings = r.settings;
        if (r.promptText) {
            p.request.prompt = tokenizer.encode(*r.promptText, true);
            p.echo = *r.promptText;
        } else {
            const int64_t vocab = m_model.model->config().vocab_size;
            for (int32_t id : r.promptTokens)
                if (id >= vocab)
                    throw ApiError::invalid("prompt", "token id " + std::to_string(id) +
                                                          " is outside the model's vocabulary of " +
                                                          std::to_string(vocab));
            p.request.prompt = r.promptTokens;
            if (r.echo)
                p.echo = tokenizer.decode(r.promptTokens);
        }
        if (p.request.prompt.empty()) // an empty prompt starts a new document
            p.request.prompt.push_back(tokenizer.eosId().value_or(0));
    }
    if (!r.seedGiven)
        p.request.settings.seed = randomSeed();
    p.promptTokens = int64_t(p.request.prompt.size());

    const int64_t context = m_model.contextLength();
    const int64_t room = context - p.promptTokens;
    int64_t& maxTokens = p.request.settings.max_tokens;
    if (r.maxTokensGiven) {
        if (maxTokens > maxTokensCap())
            throw ApiError::invalid("max_tokens", "at most " + std::to_string(maxTokensCap()) +
                                                      " on this server, got " + std::to_string(maxTokens));
        if (maxTokens > room)
            throw contextExceeded("max_tokens", context, p.promptTokens, maxTokens);
    } else {
        if (room < 1)
            throw contextExceeded(promptParam, context, p.promptTokens, 1);
        const int64_t wanted = r.endpoint == Endpoint::ChatCompletions ? maxTokensCap() : kDefaultCompletionTokens;
        maxTokens = std::min({wanted, room, maxTokensCap()});
    }
    return p;
}

std::shared_ptr<GenerationJob> CompletionService::submit(generate::GenerationRequest request)
{
    auto job = std::make_shared<GenerationJob>(std::move(request));
    m_queue.submit(job);
    return job;
}

} // namespace lw::serve
