#include "core/eval/evaluation_headline.h"

namespace lw::eval {

namespace {

struct KnownFigure {
    const char* metric;
    const char* stderror;
    bool higherIsBetter;
};

// In order of preference: a task's summary may hold several (mc has acc and acc_norm).
const KnownFigure kFigures[] = {
    {"perplexity", nullptr, false}, {"acc", "acc_stderr", true},     {"exact_match", nullptr, true},
    {"mean_score", "score_stderr", true}, {"win_rate", nullptr, true}, {"score", nullptr, true},
};

} // namespace

std::optional<Headline> headlineOf(const store::EvaluationRecord& evaluation)
{
    const auto& summary = evaluation.summary;
    if (!summary.is_object())
        return std::nullopt;
    for (const auto& figure : kFigures) {
        const auto it = summary.find(figure.metric);
        if (it == summary.end() || !it->is_number())
            continue;
        Headline h;
        h.metric = figure.metric;
        h.value = it->get<double>();
        h.higherIsBetter = figure.higherIsBetter;
        if (figure.stderror) {
            const auto se = summary.find(figure.stderror);
            if (se != summary.end() && se->is_number())
                h.stderror = se->get<double>();
        }
        return h;
    }
    return std::nullopt;
}

} // namespace lw::eval
