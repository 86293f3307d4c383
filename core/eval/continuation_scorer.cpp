#include "core/eval/continuation_scorer.h"

#include "core/eval/token_log_probs.h"
#include "core/generate/eval_mode_guard.h"
#include "core/model/kv_cache.h"
#include "core/util/error.h"

#include <algorithm>
#include <map>

namespace lw::eval {

namespace {

void checkInput(const std::vector<int32_t>& context, const std::vector<std::vector<int32_t>>& continuations,
                int64_t window)
{
    if (context.empty())
        throw Error::inField("context", "a continuation needs a context of at least one token");
    for (const auto& continuation : continuations) {
        if (continuation.empty())
            throw Error::inField("continuation", "a continuation needs at least one token");
        if (int64_t(continuation.size()) > window)
            throw Error::inField("continuation", "a continuation of " + std::to_string(continuation.size()) +
                                 " tokens is longer than the model's context of " + std::to_string(window));
    }
}

torch::Device deviceOf(model::Transformer& model)
{
    return model->parameters().front().device();
}

} // namespace

ContinuationScorer::ContinuationScorer(model::Transformer model) : m_model(std::move(model)) { }

std::vector<ContinuationScore> ContinuationScorer::score(const std::vector<int32_t>& context,
                                                        const std::vector<std::vector<int32_t>>& continuations)
{
    const int64_t window = m_model->config().context_length;
    checkInput(context, continuations, window);
    // Inference mode, not only no-grad: no version counters or autograd metadata per op.
    c10::InferenceMode inference;
    generate::EvalModeGuard evalMode(m_model);
    // The model reads at most `window` positions: context tokens kept plus all but the
    // continuation's last token. Continuations that keep the same context share a pass
    // (all of them, unless some are long enough to push out different amounts).
    std::map<int64_t, std::vector<size_t>> byKept;
    for (size_t i = 0; i < continuations.size(); ++i) {
        const int64_t kept = std::min<int64_t>(int64_t(context.size()), window + 1 - int64_t(continuations[i].size()));
        byKept[kept].push_back(i);
    }
    std::vector<ContinuationScore> scores(continuations.size());
    for (const auto& [kept, members] : byKept)
        scoreGroup(context, kept, continuations, members, scores);
    return scores;
}

void ContinuationScorer::scoreGroup(const std::vector<int32_t>& context, int64_t kept,
                                    const std::vector<std::vector<int32_t>>& continuations,
                                    const std::vector<size_t>& members, std::vector<ContinuationScore>& scores)
{
    const auto& config = m_model->config();
    const auto device = deviceOf(m_model);
    const auto options = m_model->parameters().front().options();
    const int64_t batch = int64_t(members.size());
    const auto first = context.end() - kept;
    // The context's last token goes with the continuations: its row predicts their first token.
    const int64_t prefix = kept - 1;
    int64_t longest = 0;
    for (size_t i : members)
        longest = std::max<int64_t>(longest, int64_t(continuations[i].size()));

    model::KvCache shared(config, 1, std::max<int64_t>(prefix, 1), options);
    if (prefix > 0) {
        const auto ids = torch::tensor(std::vector<int64_t>(first, first + prefix), torch::kInt64).to(device);
        m_model->hidden(ids.unsqueeze(0), &shared);
    }
    // Every row of the batch starts from the shared prefix: its keys and values are
    // copied in (broadcast over the batch), not recomputed.
    model::KvCache cache(config, batch, prefix + longest, options);
    if (prefix > 0) {
        const int64_t width = config.kvWidth();
        const auto none = torch::empty({1, 0, width}, options);
        // Appending nothing returns views of what the layer holds.
        for (int64_t layer = 0; layer < config.n_layer; ++layer) {
            auto [keys, values] = shared.append(layer, none, none);
            cache.append(layer, keys, values);
        }
        cache.advance(prefix);
    }
    // Rows of different lengths are padded at their end: causal attention never lets a
    // real position see the padding after it, and padded rows score nothing.
    std::vector<int64_t> input(size_t(batch * longest), 0);
    std::vector<int64_t> rows, targets;
    for (int64_t b = 0; b < batch; ++b) {
        const auto& continuation = continuations[members[size_t(b)]];
        const int64_t n = int64_t(continuation.size());
        input[size_t(b * longest)] = *(context.end() - 1);
        for (int64_t t = 1; t < n; ++t)
            input[size_t(b * longest + t)] = continuation[size_t(t - 1)];
        for (int64_t t = 0; t < n; ++t) {
            rows.push_back(b * longest + t);
            targets.push_back(continuation[size_t(t)]);
        }
    }
    const auto ids = torch::tensor(input, torch::kInt64).to(device).view({batch, longest});
    const auto hidden = m_model->hidden(ids, &cache).reshape({batch * longest, -1});
    const auto picked = hidden.index_select(0, torch::tensor(rows, torch::kInt64).to(device));
    const auto r = targetLogProbs(m_model, picked, torch::tensor(targets, torch::kInt64));
    const auto* logprob = r.logprobs.data_ptr<double>();
    const auto* greedy = r.greedy.data_ptr<bool>();
    size_t row = 0;
    for (size_t i : members) {
        ContinuationScore s;
        s.tokens = int64_t(continuations[i].size());
        s.greedy = true;
        for (int64_t t = 0; t < s.tokens; ++t, ++row) {
            s.logprob += logprob[row];
            s.greedy = s.greedy && greedy[row];
        }
        scores[i] = s;
    }
}

std::vector<ContinuationScore> ContinuationScorer::scoreReference(const std::vector<int32_t>& context,
                                                                 const std::vector<std::vector<int32_t>>& continuations)
{
    const int64_t window = m_model->config().context_length;
    checkInput(context, continuations, window);
    torch::NoGradGuard noGrad;
    generate::EvalModeGuard evalMode(m_model);
    const auto device = deviceOf(m_model);
    std::vector<ContinuationScore> scores;
    scores.reserve(continuations.size());
    for (const auto& continuation : continuations) {
        // The model reads all but the last token; the oldest context tokens go first.
        std::vector<int64_t> sequence(context.begin(), context.end());
        sequence.insert(sequence.end(), continuation.begin(), continuation.end());
        const int64_t keep = std::min<int64_t>(int64_t(sequence.size()), window + 1);
        std::vector<int64_t> kept(sequence.end() - keep, sequence.end());
        const auto input = torch::tensor(std::vector<int64_t>(kept.begin(), kept.end() - 1), torch::kInt64)
                               .to(device)
                               .unsqueeze(0);
        const auto logits = m_model->forward(input).squeeze(0).to(torch::kFloat64);
        const int64_t n = int64_t(continuation.size());
        const auto rows = logits.slice(0, logits.size(0) - n).log_softmax(-1);
        const auto targets = torch::tensor(std::vector<int64_t>(kept.end() - n, kept.end()), torch::kInt64)
                                 .to(device);
        ContinuationScore s;
        s.tokens = n;
        s.logprob = rows.gather(1, targets.unsqueeze(1)).sum().item<double>();
        s.greedy = rows.argmax(1).equal(targets);
        scores.push_back(s);
    }
    return scores;
}

} // namespace lw::eval
