#include "core/eval/continuation_scorer.h"

#include "core/generate/eval_mode_guard.h"
#include "core/util/error.h"

#include <algorithm>

namespace lw::eval {

ContinuationScorer::ContinuationScorer(model::Transformer model) : m_model(std::move(model)) { }

std::vector<ContinuationScore> ContinuationScorer::score(const std::vector<int32_t>& context,
                                                        const std::vector<std::vector<int32_t>>& continuations)
{
    if (context.empty())
        throw Error::inField("context", "a continuation needs a context of at least one token");
    const int64_t window = m_model->config().context_length;
    torch::NoGradGuard noGrad;
    generate::EvalModeGuard evalMode(m_model);
    const auto device = m_model->parameters().front().device();
    std::vector<ContinuationScore> scores;
    scores.reserve(continuations.size());
    for (const auto& continuation : continuations) {
        if (continuation.empty())
            throw Error::inField("continuation", "a continuation needs at least one token");
        if (int64_t(continuation.size()) > window)
            throw Error::inField("continuation", "a continuation of " + std::to_string(continuation.size()) +
                                 " tokens is longer than the model's context of " + std::to_string(window));
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
