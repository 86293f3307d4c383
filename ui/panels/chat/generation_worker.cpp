#include "ui/panels/chat/generation_worker.h"

#include "core/finetune/adapter_files.h"
#include "core/serve/served_model.h"
#include "core/util/blas_setup.h"
#include "ui/shell/json_bridge.h"

#include <QElapsedTimer>

#include <algorithm>
#include <exception>

namespace lw::ui {

namespace {

generate::SamplerSettings withStops(generate::SamplerSettings settings, const std::vector<std::string>& stops)
{
    for (const std::string& stop : stops)
        if (std::find(settings.stop.begin(), settings.stop.end(), stop) == settings.stop.end())
            settings.stop.push_back(stop);
    return settings;
}

// The conversation's prompt. The oldest exchanges are left out while the prompt leaves
// too little room for an answer (the system message always stays): a quarter of the
// context, or the longest answer asked for when that is less. `dropped` counts the
// conversation's messages left out.
std::vector<int32_t> chatPrompt(const generate::Generator& generator, const GenerationJob& job, int64_t context,
                                int* dropped)
{
    std::vector<generate::ChatMessage> messages = job.messages;
    int64_t maxTokens = 0;
    for (const auto& s : job.settings)
        maxTokens = std::max(maxTokens, s.max_tokens);
    const int64_t room = std::min(maxTokens, context / 4);
    const size_t first = !messages.empty() && messages.front().role == "system" ? 1 : 0;
    std::vector<int32_t> prompt = generator.encode(job.chatTemplate.render(messages, true));
    *dropped = 0;
    while (int64_t(prompt.size()) + room > context && messages.size() > first + 2) {
        messages.erase(messages.begin() + std::ptrdiff_t(first), messages.begin() + std::ptrdiff_t(first + 2));
        *dropped += 2;
        prompt = generator.encode(job.chatTemplate.render(messages, true));
    }
    return prompt;
}

TokenViewItem viewItem(const generate::TokenEvent& event)
{
    TokenViewItem item;
    item.text = QString::fromStdString(event.text);
    if (!event.token)
        return item; // text held back until the end (a stop sequence that did not complete)
    item.probability = event.token->probability;
    for (const generate::TokenAlternative& a : event.token->alternatives)
        item.alternatives.append({QString::fromStdString(a.piece), a.probability});
    return item;
}

} // namespace

GenerationWorker::GenerationWorker()
{
    qRegisterMetaType<ModelChoice>();
    qRegisterMetaType<LoadedModelInfo>();
    qRegisterMetaType<StreamedToken>();
    qRegisterMetaType<ContextUse>();
    qRegisterMetaType<AnswerResult>();
    qRegisterMetaType<QList<AnswerResult>>();
}

GenerationWorker::~GenerationWorker() = default;

LoadedModelInfo GenerationWorker::infoOf(const QString& key) const
{
    LoadedModelInfo info;
    info.key = key;
    info.checkpointPath = QString::fromStdString(m_model->checkpointPath);
    info.adapterDir = m_adapterDir;
    if (!m_adapterDir.isEmpty())
        if (const auto chatTemplate = finetune::adapterChatTemplate(m_adapterDir.toStdString()))
            info.adapterTemplate = toQJson(chatTemplate->toJson());
    info.runner = QString::fromStdString(m_model->generator->runnerDescription());
    info.contextLength = m_model->contextLength();
    info.vocabSize = m_model->model->config().vocab_size;
    return info;
}

void GenerationWorker::load(const ModelChoice& choice, int threads)
{
    if (threads != m_threads) {
        // LibTorch's thread count belongs to the thread that sets it (OpenMP).
        util::configureThreads(threads);
        m_threads = threads;
    }
    // A model loaded without float matrices (a quantized file's blocks) loads again in full for an adapter.
    if (m_model && choice.key == m_key && QString::fromStdString(m_model->checkpointPath) == choice.checkpointPath &&
        (choice.adapterDir.isEmpty() || !m_model->model->hasLeftOutMatrices())) {
        QElapsedTimer clock;
        clock.start();
        try {
            setAdapter(choice.adapterDir);
            LoadedModelInfo info = infoOf(m_key);
            info.loadMs = double(clock.nsecsElapsed()) / 1e6;
            Q_EMIT loaded(info);
        } catch (const std::exception& e) {
            Q_EMIT loadFailed(choice.key, QString::fromUtf8(e.what()));
        }
        return;
    }
    m_model.reset(); // a model that failed to load must not answer in its place
    m_adapter.reset();
    m_adapterDir.clear();
    m_key.clear();
    QElapsedTimer clock;
    clock.start();
    try {
        serve::ModelLoadOptions options;
        options.matricesInBlocksOnly = choice.adapterDir.isEmpty(); // an adapter folds into float matrices
        m_model =
            std::make_unique<serve::ServedModel>(serve::loadServedModel(choice.checkpointPath.toStdString(), options));
        m_key = choice.key;
        setAdapter(choice.adapterDir);
        LoadedModelInfo info = infoOf(m_key);
        info.loadMs = double(clock.nsecsElapsed()) / 1e6;
        Q_EMIT loaded(info);
    } catch (const std::exception& e) {
        Q_EMIT loadFailed(choice.key, QString::fromUtf8(e.what()));
    }
}

void GenerationWorker::setAdapter(const QString& dir)
{
    if (dir == m_adapterDir)
        return;
    if (m_adapter) {
        peft::AdapterSet::detach(*m_model->model);
        m_adapter.reset();
        m_adapterDir.clear();
        rebuildGenerator();
    }
    if (dir.isEmpty())
        return;
    catalog::LoadedModel base;
    base.location.format = catalog::ModelFormat::Checkpoint;
    base.location.path = m_model->checkpointPath;
    base.location.label = m_model->checkpointPath;
    base.model = m_model->model;
    m_adapter = finetune::attachAdapter(base, dir.toStdString(), nullptr);
    m_adapterDir = dir;
    rebuildGenerator();
}

void GenerationWorker::rebuildGenerator()
{
    // The decoder packs its weights when made: made again, it reads the adapted ones (and
    // a quantized file's blocks for the others).
    generate::GeneratorOptions options;
    options.storedMatrices = m_model->storedMatrices;
    m_model->generator = std::make_unique<generate::Generator>(m_model->model, m_model->tokenizer.get(), options);
}

void GenerationWorker::measure(quint64 jobId, const GenerationJob& job)
{
    ContextUse use;
    try {
        if (m_model) {
            use.contextLength = m_model->contextLength();
            use.promptTokens = int64_t(chatPrompt(*m_model->generator, job, use.contextLength, &use.droppedMessages).size());
        }
    } catch (const std::exception&) {
        use = ContextUse(); // nothing to show: the answer, when asked, says what is wrong
    }
    Q_EMIT measured(jobId, use);
}

void GenerationWorker::generate(quint64 jobId, const GenerationJob& job)
{
    if (!m_model) {
        Q_EMIT failed(jobId, tr("No model is loaded."));
        return;
    }
    try {
        generate::Generator& generator = *m_model->generator;
        std::vector<int32_t> prompt;
        ContextUse use;
        use.contextLength = m_model->contextLength();
        if (job.chat) {
            prompt = chatPrompt(generator, job, m_model->contextLength(), &use.droppedMessages);
        } else {
            prompt = generator.encode(job.prompt);
            if (prompt.empty()) // an empty prompt starts a new document
                prompt.push_back(m_model->tokenizer->eosId().value_or(0));
        }
        // Answers end where the context does, rather than the prompt being cut to make room
        // for max_tokens: a model with a short context (the demo model reads 128 tokens)
        // still sees the whole question.
        use.promptTokens = int64_t(prompt.size());
        const int64_t room = m_model->contextLength() - int64_t(prompt.size());
        std::vector<generate::GenerationRequest> requests;
        for (const generate::SamplerSettings& settings : job.settings) {
            generate::GenerationRequest request;
            request.prompt = prompt;
            request.settings = job.chat ? withStops(settings, job.chatTemplate.stop) : settings;
            if (room > 0)
                request.settings.max_tokens = std::min(request.settings.max_tokens, room);
            requests.push_back(std::move(request));
        }
        std::vector<QList<TokenViewItem>> streamed(requests.size());
        auto results = generator.generateBatch(
            requests,
            [&](const generate::TokenEvent& event) {
                if (!event.token && event.text.empty())
                    return true;
                StreamedToken token{int(event.sequence), viewItem(event)};
                streamed[event.sequence].append(token.token);
                Q_EMIT tokenArrived(jobId, token);
                return true;
            },
            job.cancel.get());
        QList<AnswerResult> answers;
        for (size_t i = 0; i < results.size(); ++i) {
            AnswerResult answer;
            answer.text = QString::fromStdString(results[i].text);
            answer.stopReason = QString::fromStdString(generate::stopReasonName(results[i].stopReason));
            answer.stats = toQJson(results[i].stats.toJson());
            answer.stats.insert(QStringLiteral("seed"), qint64(requests[i].settings.seed));
            answer.tokens = streamed[i];
            answer.context = use;
            answers.append(answer);
        }
        Q_EMIT finished(jobId, answers);
    } catch (const std::exception& e) {
        Q_EMIT failed(jobId, QString::fromUtf8(e.what()));
    }
}

} // namespace lw::ui
