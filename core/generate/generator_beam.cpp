// Generator's beam-search path and the token-only helper.
#include "core/generate/beam_search.h"
#include "core/generate/generator.h"
#include "core/generate/token_stream.h"
#include "core/util/error.h"

#include <chrono>
#include <cmath>

namespace lw::generate {

GenerationResult Generator::beamGenerate(const GenerationRequest& request, const TokenCallback& onToken,
                                         const std::atomic<bool>* cancel, size_t sequence)
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const SamplerSettings& s = request.settings;
    const std::shared_ptr<SlotCache> cache = slotCache(s.num_beams);
    ModelRunner& run = *cache->runner;
    GenerationResult result;

    const int64_t budget = std::min<int64_t>(s.max_tokens, run.capacity() - 1);
    const int64_t keep = run.capacity() - budget;
    result.stats.promptTokensDropped = std::max<int64_t>(0, int64_t(request.prompt.size()) - keep);
    const std::vector<int32_t> prompt(request.prompt.begin() + result.stats.promptTokensDropped, request.prompt.end());
    result.stats.promptTokens = int64_t(prompt.size());

    BeamSearchOptions options;
    options.settings = s;
    options.cancel = cancel;
    options.endOfText = request.endOfText ? request.endOfText : (m_tokenizer ? m_tokenizer->eosId() : std::nullopt);
    if (!s.stop_at_eos)
        options.endOfText.reset();
    if (m_tokenizer && !s.stop.empty())
        options.reachedStop = [&](const std::vector<int32_t>& tokens) {
            const std::string text = m_tokenizer->decode(tokens);
            for (const std::string& stop : s.stop)
                if (text.find(stop) != std::string::npos)
                    return true;
            return false;
        };

    BeamSearchOutcome outcome;
    try {
        SlotInput first;
        result.stats.promptTokensReused = cache->prepare(0, prompt, first);
        outcome = beamSearch(run, prompt, first, options);
    } catch (...) {
        resetCache();
        throw;
    }
    cache->clear(); // the beams overwrote every slot

    // Beam search knows its answer only at the end: it streams it then.
    const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    TokenStream stream(m_tokenizer, s.stop, sequence, onToken);
    result.stopReason = outcome.cancelled ? StopReason::Cancelled
                        : outcome.contextFull ? StopReason::ContextFull
                                              : StopReason::MaxTokens;
    if (!outcome.hypotheses.empty()) {
        const BeamHypothesis& best = outcome.hypotheses.front();
        result.beamScore = best.score;
        if (best.endedByEos)
            result.stopReason = StopReason::EndOfText;
        for (size_t i = 0; i < best.tokens.size(); ++i) {
            GeneratedToken token;
            token.token = best.tokens[i];
            token.probability = float(std::exp(double(best.tokenLogProbs[i])));
            token.samplingProbability = 1.0f;
            token.elapsedMs = elapsed;
            stream.describe(token);
            if (!stream.add(std::move(token), result) || stream.stopped())
                break;
        }
        if (stream.stopped())
            result.stopReason = StopReason::StopSequence;
    }
    stream.finish(result);
    GenerationStats& st = result.stats;
    st.generatedTokens = int64_t(result.tokens.size());
    st.totalMs = elapsed;
    st.timeToFirstTokenMs = elapsed;
    if (st.generatedTokens > 0) {
        st.decodeMsPerToken = elapsed / double(st.generatedTokens);
        st.decodeTokensPerS = 1000.0 / st.decodeMsPerToken;
    }
    return result;
}

std::vector<int32_t> generateTokens(model::Transformer model, const std::vector<int32_t>& prompt,
                                    const SamplerSettings& settings, std::optional<int32_t> endOfText)
{
    Generator generator(std::move(model), nullptr);
    GenerationRequest request;
    request.prompt = prompt;
    request.settings = settings;
    request.endOfText = endOfText;
    std::vector<int32_t> tokens;
    for (const GeneratedToken& t : generator.generate(request).tokens)
        tokens.push_back(t.token);
    return tokens;
}

} // namespace lw::generate
