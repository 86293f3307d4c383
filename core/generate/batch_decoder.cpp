#include "core/generate/batch_decoder.h"

#include "core/generate/token_stream.h"
#include "core/tokenizer/tokenizer.h"
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

struct BatchDecoder::Sequence {
    SequenceId id;
    int64_t slot = 0;
    SamplerSettings settings;
    TokenSampler sampler;
    TokenCallback onToken; // before `stream`, which refers to it
    TokenStream stream;
    std::optional<int32_t> endOfText;
    std::vector<int32_t> context; // prompt and generated tokens
    SlotInput prompt;             // what the next step feeds while prefilling
    bool prefilling = true;
    bool cancelRequested = false;
    bool done = false;
    Clock::time_point admitted = Clock::now();
    GenerationResult result;

    Sequence(SequenceId sequenceId, const SamplerSettings& s, const tokenizer::Tokenizer* tokenizer,
             TokenCallback callback)
        : id(sequenceId), settings(s), sampler(s), onToken(std::move(callback)),
          stream(tokenizer, s.stop, size_t(sequenceId), onToken)
    {
    }
};

BatchDecoder::BatchDecoder(model::Transformer model, std::shared_ptr<SlotCache> cache,
                           const tokenizer::Tokenizer* tokenizer)
    : m_model(std::move(model)), m_evalMode(m_model), m_cache(std::move(cache)), m_tokenizer(tokenizer),
      m_slotBusy(size_t(m_cache->slotCount()), false)
{
}

BatchDecoder::~BatchDecoder() = default;

int64_t BatchDecoder::freeSlotFor(const std::vector<int32_t>& prompt) const
{
    int64_t best = -1, bestPrefix = -1;
    for (int64_t slot = 0; slot < slotCount(); ++slot) {
        if (m_slotBusy[size_t(slot)])
            continue;
        const int64_t prefix = m_cache->reusablePrefix(slot, prompt);
        if (prefix > bestPrefix) {
            best = slot;
            bestPrefix = prefix;
        }
    }
    return best;
}

BatchDecoder::SequenceId BatchDecoder::admit(const GenerationRequest& request, TokenCallback onToken)
{
    const SamplerSettings& s = request.settings;
    s.validate();
    if (s.num_beams > 1)
        throw Error::inField("sampler.num_beams", "beam search runs alone (Generator::generate), not in a batch");
    if (request.prompt.empty())
        throw Error("generation needs at least one prompt token");
    const int64_t capacity = m_cache->runner->capacity();
    int64_t dropped = 0;
    std::vector<int32_t> context = fittedPrompt(request.prompt, s, capacity, &dropped);
    const int64_t slot = freeSlotFor(context);
    if (slot < 0)
        throw Error("batch decoder: all " + std::to_string(slotCount()) + " slots are busy");

    auto q = std::make_unique<Sequence>(m_nextId++, s, m_tokenizer, std::move(onToken));
    q->slot = slot;
    q->endOfText = request.endOfText ? request.endOfText : (m_tokenizer ? m_tokenizer->eosId() : std::nullopt);
    if (!s.stop_at_eos)
        q->endOfText.reset();
    q->context = std::move(context);
    q->result.stats.promptTokensDropped = dropped;
    q->result.stats.promptTokens = int64_t(q->context.size());
    q->result.stats.promptTokensReused = m_cache->prepare(slot, q->context, q->prompt);
    m_slotBusy[size_t(slot)] = true;
    m_sequences.push_back(std::move(q));
    return m_sequences.back()->id;
}

void BatchDecoder::cancel(SequenceId id)
{
    for (auto& q : m_sequences)
        if (q->id == id)
            q->cancelRequested = true;
}

// Chooses the sequence's next token from its logits row and decides whether it ends.
void BatchDecoder::chooseNext(Sequence& q, float* logits)
{
    const int64_t vocab = m_cache->runner->config().vocab_size;
    TokenChoice choice = q.sampler.choose(logits, vocab, q.context);
    const double now = msBetween(q.admitted, Clock::now());
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
    else if (m_cache->runner->length(q.slot) + 1 > m_cache->runner->capacity())
        q.result.stopReason = StopReason::ContextFull;
    else
        q.done = false;
}

BatchDecoder::Finished BatchDecoder::finish(Sequence& q)
{
    q.stream.finish(q.result);
    GenerationStats& st = q.result.stats;
    st.generatedTokens = int64_t(q.result.tokens.size());
    st.totalMs = msBetween(q.admitted, Clock::now());
    if (st.generatedTokens > 1) {
        const double lastMs = q.result.tokens.back().elapsedMs;
        st.decodeMsPerToken = (lastMs - st.timeToFirstTokenMs) / double(st.generatedTokens - 1);
        st.decodeTokensPerS = st.decodeMsPerToken > 0 ? 1000.0 / st.decodeMsPerToken : 0;
    }
    m_slotBusy[size_t(q.slot)] = false;
    return {q.id, std::move(q.result)};
}

std::vector<BatchDecoder::Finished> BatchDecoder::step(const std::atomic<bool>* cancelAll)
{
    std::vector<Finished> finished;
    try {
        // Sequences whose client went away leave before the model runs for them again.
        for (auto& q : m_sequences)
            if (q->cancelRequested) {
                q->done = true;
                q->result.stopReason = StopReason::Cancelled;
            }
        m_inputs.clear();
        for (auto& q : m_sequences)
            if (!q->done)
                m_inputs.push_back(q->prefilling ? q->prompt : SlotInput{q->slot, {q->context.back()}});
        if (!m_inputs.empty()) {
            const int64_t vocab = m_cache->runner->config().vocab_size;
            m_logits.resize(m_inputs.size() * size_t(vocab));
            const Clock::time_point start = Clock::now();
            m_cache->runner->forward(m_inputs, m_logits.data());
            const double stepMs = msBetween(start, Clock::now());
            for (const SlotInput& in : m_inputs)
                m_cache->fed(in);
            size_t row = 0;
            for (auto& q : m_sequences) {
                if (q->done)
                    continue;
                if (q->prefilling) {
                    q->prefilling = false;
                    q->result.stats.prefillMs = stepMs;
                    q->result.stats.prefillTokensPerS =
                        stepMs > 0 ? 1000.0 * double(q->prompt.tokens.size()) / stepMs : 0;
                    q->prompt.tokens.clear();
                }
                chooseNext(*q, m_logits.data() + row++ * size_t(vocab));
                if (!q->done && cancelAll && cancelAll->load()) {
                    q->done = true;
                    q->result.stopReason = StopReason::Cancelled;
                }
            }
        }
        for (auto& q : m_sequences)
            if (q->done)
                finished.push_back(finish(*q));
    } catch (...) {
        // The runner may hold half a step: nothing in it can be trusted.
        m_sequences.clear();
        std::fill(m_slotBusy.begin(), m_slotBusy.end(), false);
        m_cache->clear();
        throw;
    }
    m_sequences.erase(std::remove_if(m_sequences.begin(), m_sequences.end(), [](const auto& q) { return q->done; }),
                      m_sequences.end());
    return finished;
}

} // namespace lw::generate
