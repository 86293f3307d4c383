#include "core/generate/generator.h"

#include "core/generate/beam_search.h"
#include "core/generate/token_stream.h"
#include "core/util/error.h"

#include <algorithm>
#include <chrono>

namespace lw::generate {

namespace {

using Clock = std::chrono::steady_clock;

double msBetween(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double, std::milli>(b - a).count();
}

// The model in eval mode (no dropout) while generating; its mode as it was afterwards.
class EvalModeGuard {
public:
    explicit EvalModeGuard(model::Transformer& model) : m_model(model), m_wasTraining(model->is_training())
    {
        m_model->eval();
    }
    ~EvalModeGuard()
    {
        if (m_wasTraining)
            m_model->train();
    }

private:
    model::Transformer& m_model;
    bool m_wasTraining;
};

// One sampled sequence of a batch.
struct Sequence {
    size_t request = 0;
    int64_t slot = 0;
    SamplerSettings settings;
    TokenSampler sampler;
    std::optional<int32_t> endOfText;
    std::vector<int32_t> context; // prompt and generated tokens
    TokenStream stream;
    GenerationResult result;
    bool done = false;

    Sequence(size_t requestIndex, const SamplerSettings& s, const tokenizer::Tokenizer* tokenizer,
             const TokenCallback& onToken)
        : request(requestIndex), settings(s), sampler(s), stream(tokenizer, s.stop, requestIndex, onToken)
    {
    }
};

// Chooses the sequence's next token from its logits row and decides whether it ends.
void step(Sequence& q, float* logits, int64_t vocab, const ModelRunner& run, Clock::time_point start)
{
    TokenChoice choice = q.sampler.choose(logits, vocab, q.context);
    const double now = msBetween(start, Clock::now());
    if (q.result.tokens.empty() && q.result.stats.timeToFirstTokenMs == 0)
        q.result.stats.timeToFirstTokenMs = now;
    if (q.endOfText && choice.token == *q.endOfText) {
        q.done = true;
        q.result.stopReason = StopReason::EndOfText;
        return;
    }
    GeneratedToken token;
    token.token = choice.token;
    token.probability = choice.probability;
    token.samplingProbability = choice.samplingProbability;
    token.alternatives = std::move(choice.alternatives);
    token.elapsedMs = now;
    q.stream.describe(token);
    q.context.push_back(choice.token);
    const bool keepGoing = q.stream.add(std::move(token), q.result);
    q.done = true;
    if (!keepGoing)
        q.result.stopReason = StopReason::Cancelled;
    else if (q.stream.stopped())
        q.result.stopReason = StopReason::StopSequence;
    else if (int64_t(q.result.tokens.size()) >= q.settings.max_tokens)
        q.result.stopReason = StopReason::MaxTokens;
    else if (run.length(q.slot) + 1 > run.capacity())
        q.result.stopReason = StopReason::ContextFull;
    else
        q.done = false;
}

// The prompt cut from the start so that max_tokens fit in the context.
std::vector<int32_t> fittedPrompt(const std::vector<int32_t>& prompt, const SamplerSettings& s, int64_t context,
                                  int64_t* dropped)
{
    const int64_t budget = std::min<int64_t>(s.max_tokens, context - 1);
    const int64_t keep = context - budget;
    *dropped = std::max<int64_t>(0, int64_t(prompt.size()) - keep);
    return std::vector<int32_t>(prompt.begin() + *dropped, prompt.end());
}

} // namespace

Generator::Generator(model::Transformer model, const tokenizer::Tokenizer* tokenizer, GeneratorOptions options)
    : m_model(std::move(model)), m_tokenizer(tokenizer), m_options(std::move(options))
{
    const std::string& w = m_options.weights;
    if (w != "auto" && w != "fp32" && w != "bf16")
        throw Error::inField("weights", "expected auto, fp32 or bf16, got '" + w + "'");
    const auto modelType = m_model->parameters().front().scalar_type();
    const bool fused = m_options.fusedCpu && m_options.kvCache && CpuDecoderWeights::unsupportedReason(m_model).empty();
    if (fused) {
        const bool bf16 = w == "bf16" || (w == "auto" && modelType == torch::kBFloat16);
        m_weights = std::make_shared<CpuDecoderWeights>(m_model, bf16 ? kernels::WeightType::BF16
                                                                      : kernels::WeightType::F32);
    } else if ((w == "fp32" && modelType != torch::kFloat) || (w == "bf16" && modelType != torch::kBFloat16)) {
        throw Error::inField("weights", w + " weights need the fused CPU decoder; convert the model itself (it is " +
                                            c10::toString(modelType) + " on " +
                                            m_model->parameters().front().device().str() + ")");
    }
}

ModelRunner& Generator::runner(int64_t slots)
{
    if (!m_runner || m_runner->slotCount() < slots) {
        m_runner.reset();
        if (m_weights)
            m_runner = std::make_unique<CpuModelRunner>(m_weights, slots, 0);
        else
            m_runner = std::make_unique<TorchModelRunner>(m_model, slots, 0, m_options.kvCache);
        m_slotTokens.assign(size_t(slots), {});
    }
    return *m_runner;
}

void Generator::resetCache()
{
    m_runner.reset();
    m_slotTokens.clear();
}

std::string Generator::runnerDescription()
{
    return runner(1).description();
}

int64_t Generator::preparePrompt(int64_t slot, const std::vector<int32_t>& prompt, SlotInput& input)
{
    if (prompt.empty())
        throw Error("generation needs at least one prompt token");
    std::vector<int32_t>& held = m_slotTokens[size_t(slot)];
    size_t common = 0;
    while (common < held.size() && common < prompt.size() && held[common] == prompt[common])
        ++common;
    common = std::min(common, prompt.size() - 1); // the last prompt token is fed to get logits
    m_runner->truncate(slot, int64_t(common));
    held.resize(common);
    input.slot = slot;
    input.tokens.assign(prompt.begin() + std::ptrdiff_t(common), prompt.end());
    return int64_t(common);
}

std::vector<int32_t> Generator::encode(const std::string& text) const
{
    if (!m_tokenizer)
        throw Error("generation: no tokenizer to encode text with");
    return m_tokenizer->encode(text, true);
}

GenerationRequest Generator::chatRequest(const ChatTemplate& chatTemplate, const std::vector<ChatMessage>& messages,
                                         SamplerSettings settings) const
{
    GenerationRequest request;
    request.prompt = encode(chatTemplate.render(messages, true));
    for (const std::string& stop : chatTemplate.stop)
        if (std::find(settings.stop.begin(), settings.stop.end(), stop) == settings.stop.end())
            settings.stop.push_back(stop);
    request.settings = std::move(settings);
    return request;
}

GenerationResult Generator::generate(const GenerationRequest& request, const TokenCallback& onToken,
                                     const std::atomic<bool>* cancel)
{
    return generateBatch({request}, onToken, cancel).front();
}

std::vector<GenerationResult> Generator::generateBatch(const std::vector<GenerationRequest>& requests,
                                                       const TokenCallback& onToken, const std::atomic<bool>* cancel)
{
    for (size_t i = 0; i < requests.size(); ++i)
        requests[i].settings.validate(requests.size() == 1 ? "sampler" : "requests[" + std::to_string(i) + "]");
    EvalModeGuard evalMode(m_model);
    std::vector<GenerationResult> results(requests.size());
    std::vector<Sequence> sequences;
    sequences.reserve(requests.size());
    for (size_t i = 0; i < requests.size(); ++i)
        if (requests[i].settings.num_beams > 1) {
            results[i] = beamGenerate(requests[i], onToken, cancel, i);
        } else {
            sequences.emplace_back(i, requests[i].settings, m_tokenizer, onToken);
        }
    if (sequences.empty())
        return results;

    const Clock::time_point start = Clock::now();
    const int64_t vocab = m_model->config().vocab_size;
    ModelRunner& run = runner(int64_t(sequences.size()));
    std::vector<SlotInput> inputs;
    try {
        for (size_t j = 0; j < sequences.size(); ++j) {
            Sequence& q = sequences[j];
            const GenerationRequest& r = requests[q.request];
            q.slot = int64_t(j);
            q.endOfText = r.endOfText ? r.endOfText : (m_tokenizer ? m_tokenizer->eosId() : std::nullopt);
            if (!q.settings.stop_at_eos)
                q.endOfText.reset();
            q.context = fittedPrompt(r.prompt, q.settings, run.capacity(), &q.result.stats.promptTokensDropped);
            inputs.emplace_back();
            q.result.stats.promptTokens = int64_t(q.context.size());
            q.result.stats.promptTokensReused = preparePrompt(q.slot, q.context, inputs.back());
        }
        std::vector<float>& logits = m_logits;
        logits.resize(sequences.size() * size_t(vocab));
        int64_t prefilled = 0;
        for (const SlotInput& in : inputs)
            prefilled += int64_t(in.tokens.size());
        run.forward(inputs, logits.data());
        const double prefillMs = msBetween(start, Clock::now());
        for (const SlotInput& in : inputs)
            m_slotTokens[size_t(in.slot)].insert(m_slotTokens[size_t(in.slot)].end(), in.tokens.begin(),
                                                 in.tokens.end());
        for (Sequence& q : sequences) {
            q.result.stats.prefillMs = prefillMs;
            q.result.stats.prefillTokensPerS = prefillMs > 0 ? 1000.0 * double(prefilled) / prefillMs : 0;
        }

        // rows[i]: the sequence whose logits are in row i.
        std::vector<Sequence*> rows;
        for (Sequence& q : sequences)
            rows.push_back(&q);
        while (!rows.empty()) {
            for (size_t i = 0; i < rows.size(); ++i)
                step(*rows[i], logits.data() + i * size_t(vocab), vocab, run, start);
            const bool stopAll = cancel && cancel->load();
            inputs.clear();
            std::vector<Sequence*> next;
            for (Sequence* q : rows) {
                if (!q->done && stopAll) {
                    q->done = true;
                    q->result.stopReason = StopReason::Cancelled;
                }
                if (q->done)
                    continue;
                inputs.push_back({q->slot, {q->context.back()}});
                next.push_back(q);
            }
            rows.swap(next);
            if (rows.empty())
                break;
            run.forward(inputs, logits.data());
            for (const SlotInput& in : inputs)
                m_slotTokens[size_t(in.slot)].push_back(in.tokens.front());
        }
    } catch (...) {
        resetCache(); // the runner may hold half a step
        throw;
    }

    const Clock::time_point end = Clock::now();
    for (Sequence& q : sequences) {
        q.stream.finish(q.result);
        GenerationStats& st = q.result.stats;
        st.generatedTokens = int64_t(q.result.tokens.size());
        st.totalMs = msBetween(start, end);
        if (st.generatedTokens > 1) {
            const double lastMs = q.result.tokens.back().elapsedMs;
            st.decodeMsPerToken = (lastMs - st.timeToFirstTokenMs) / double(st.generatedTokens - 1);
            st.decodeTokensPerS = st.decodeMsPerToken > 0 ? 1000.0 / st.decodeMsPerToken : 0;
        }
        results[q.request] = std::move(q.result);
    }
    return results;
}

} // namespace lw::generate
