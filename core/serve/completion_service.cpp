#include "core/serve/completion_service.h"

#include <algorithm>
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

GenerationQueueOptions queueOptions(const ServerOptions& o)
{
    GenerationQueueOptions q;
    q.maxWaiting = o.maxWaiting;
    q.maxBatch = o.maxBatch;
    q.waitTimeout = std::chrono::milliseconds(int64_t(o.queueTimeoutSeconds * 1000.0));
    q.threads = o.threads;
    return q;
}

} // namespace

struct CompletionService::Engine {
    ServedModel& model;
    GenerationQueue queue;

    Engine(ServedModel& m, const ServerOptions& o)
        : model(m), queue(generators(m), [&m](size_t variant) { m.activate(variant); }, queueOptions(o))
    {
    }

    static std::vector<generate::Generator*> generators(ServedModel& m)
    {
        std::vector<generate::Generator*> out;
        for (size_t v = 0; v < m.variantCount(); ++v)
            out.push_back(&m.generatorOf(v));
        return out;
    }
};

CompletionService::CompletionService(const ServerOptions& options, std::string modelId)
    : m_options(options),
      m_chatTemplate(generate::loadChatTemplate(options.chatTemplate == "model" ? "chatml" : options.chatTemplate)),
      m_modelTemplate(options.chatTemplate == "model")
{
    m_status.id = std::move(modelId);
}

CompletionService::~CompletionService()
{
    stop();
}

void CompletionService::attach(ServedModel& model)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_stopped || m_engine)
        return;
    m_engine = std::make_shared<Engine>(model, m_options);
    m_status.state = ModelStatus::State::Ready;
    m_status.id = model.id;
    m_status.created = model.created;
    m_status.failure.clear();
    for (const ServedAdapter& a : model.adapters)
        m_status.adapters.push_back({a.id, a.created});
    m_status.adapterIsTheModel = model.adapterIsTheModel;
}

void CompletionService::setProgress(const ModelProgress& progress)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_status.state == ModelStatus::State::Loading)
        m_status.progress = progress;
}

void CompletionService::setFailed(const std::string& message)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_engine)
        return;
    m_status.state = ModelStatus::State::Failed;
    m_status.failure = message;
}

ModelStatus CompletionService::status() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_status;
}

void CompletionService::stop()
{
    std::shared_ptr<Engine> engine;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopped = true;
        engine = m_engine;
    }
    if (engine)
        engine->queue.stop();
}

GenerationQueue::Counts CompletionService::counts() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_engine ? m_engine->queue.counts() : GenerationQueue::Counts();
}

std::shared_ptr<CompletionService::Engine> CompletionService::engine() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_engine)
        throw m_status.notReadyError();
    return m_engine;
}

int64_t CompletionService::maxTokensCap(const ServedModel& model) const
{
    const int64_t context = model.contextLength();
    return m_options.maxTokens > 0 ? std::min(m_options.maxTokens, context) : context;
}

CompletionService::Prepared CompletionService::prepare(const CompletionRequest& r) const
{
    const std::shared_ptr<Engine> e = engine();
    const ServedModel& model = e->model;
    Prepared p;
    const std::optional<size_t> variant = model.variantNamed(r.model);
    if (!variant)
        throw status().unknownModelError(r.model);
    p.variant = *variant;
    p.modelId = model.variantId(p.variant);
    const std::optional<generate::ChatTemplate>& modelTemplate = model.chatTemplateOf(p.variant);
    const tokenizer::Tokenizer& tokenizer = *model.tokenizer;
    const char* promptParam = "prompt";
    if (r.endpoint == Endpoint::ChatCompletions) {
        promptParam = "messages";
        const generate::ChatTemplate& t =
            m_modelTemplate && modelTemplate ? *modelTemplate : m_chatTemplate;
        p.request = model.generator->chatRequest(t, r.messages, r.settings);
        if (!t.templateAddsBos())
            p.request.prompt.insert(p.request.prompt.begin(), model.promptPrefix.begin(), model.promptPrefix.end());
    } else {
        p.request.settings = r.settings;
        if (r.promptText) {
            p.request.prompt = model.promptPrefix;
            const std::vector<int32_t> ids = tokenizer.encode(*r.promptText, true);
            p.request.prompt.insert(p.request.prompt.end(), ids.begin(), ids.end());
            p.echo = *r.promptText;
        } else {
            const int64_t vocab = model.model->config().vocab_size;
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

    const int64_t context = model.contextLength();
    const int64_t cap = maxTokensCap(model);
    const int64_t room = context - p.promptTokens;
    int64_t& maxTokens = p.request.settings.max_tokens;
    if (r.maxTokensGiven) {
        if (maxTokens > cap)
            throw ApiError::invalid("max_tokens",
                                    "at most " + std::to_string(cap) + " on this server, got " + std::to_string(maxTokens));
        if (maxTokens > room)
            throw contextExceeded("max_tokens", context, p.promptTokens, maxTokens);
    } else {
        if (room < 1)
            throw contextExceeded(promptParam, context, p.promptTokens, 1);
        const int64_t wanted = r.endpoint == Endpoint::ChatCompletions ? cap : kDefaultCompletionTokens;
        maxTokens = std::min({wanted, room, cap});
    }
    return p;
}

std::shared_ptr<GenerationJob> CompletionService::submit(generate::GenerationRequest request, size_t variant)
{
    const std::shared_ptr<Engine> e = engine();
    auto job = std::make_shared<GenerationJob>(std::move(request), variant);
    e->queue.submit(job);
    return job;
}

} // namespace lw::serve
