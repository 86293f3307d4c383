#include "core/eval/eval_benchmark.h"

#include "core/eval/continuation_scorer.h"
#include "core/eval/perplexity.h"
#include "core/util/error.h"

#include <chrono>
#include <random>

namespace lw::eval {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

EvalBenchmarkItems makeEvalBenchmarkItems(const EvalBenchmarkOptions& o, int64_t vocab)
{
    if (o.items < 1 || o.contextTokens < 1 || o.endingTokens < 1 || o.endings < 1 || o.perplexityTokens < 2)
        throw Error("eval benchmark: items, context, ending tokens and endings must be at least 1, the stream 2 tokens");
    std::mt19937_64 rng(o.seed);
    std::uniform_int_distribution<int32_t> token(0, int32_t(vocab - 1));
    auto randomTokens = [&](int64_t n) {
        std::vector<int32_t> ids(static_cast<size_t>(n));
        for (auto& id : ids)
            id = token(rng);
        return ids;
    };
    EvalBenchmarkItems out;
    for (int64_t i = 0; i < o.items; ++i) {
        EvalBenchmarkItems::Item item;
        item.context = randomTokens(o.contextTokens);
        for (int64_t e = 0; e < o.endings; ++e)
            item.endings.push_back(randomTokens(o.endingTokens));
        out.items.push_back(std::move(item));
    }
    out.stream = randomTokens(o.perplexityTokens);
    return out;
}

nlohmann::json evalBenchmarkItemsJson(const EvalBenchmarkItems& items, const EvalBenchmarkOptions& o)
{
    nlohmann::json mc = nlohmann::json::array();
    for (const auto& item : items.items)
        mc.push_back({{"context", item.context}, {"endings", item.endings}});
    return {{"mc", mc}, {"perplexity", {{"tokens", items.stream}, {"window", o.window}, {"stride", o.stride}}}};
}

EvalBenchmarkResult benchmarkEvaluation(model::Transformer model, const EvalBenchmarkItems& items,
                                        const EvalBenchmarkOptions& o)
{
    EvalBenchmarkResult r;
    r.threads = torch::get_num_threads();
    ContinuationScorer scorer(model);
    scorer.score(items.items.front().context, items.items.front().endings);
    const auto mcStart = std::chrono::steady_clock::now();
    for (const auto& item : items.items)
        for (const auto& s : scorer.score(item.context, item.endings))
            r.mcLogprobSum += s.logprob;
    r.mcSeconds = secondsSince(mcStart);
    r.mcItemsPerSecond = double(items.items.size()) / r.mcSeconds;

    const auto pplStart = std::chrono::steady_clock::now();
    const auto p = computePerplexity(model, items.stream, 0, {o.window, o.stride});
    r.perplexitySeconds = secondsSince(pplStart);
    r.windows = int64_t(p.windows.size());
    r.scoredTokens = p.tokens;
    r.perplexity = p.perplexity;
    r.windowsPerSecond = double(r.windows) / r.perplexitySeconds;
    r.scoredTokensPerSecond = double(r.scoredTokens) / r.perplexitySeconds;
    return r;
}

} // namespace lw::eval
