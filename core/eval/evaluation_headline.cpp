#include "core/eval/evaluation_headline.h"

#include <cmath>
#include <limits>

namespace lw::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double numberOr(const store::Json& summary, const char* key, double fallback)
{
    const auto it = summary.find(key);
    return it != summary.end() && it->is_number() ? it->get<double>() : fallback;
}

double proportionStderr(double p, double n)
{
    if (!(n > 1) || std::isnan(p))
        return kNaN;
    return std::sqrt(p * (1 - p) / (n - 1));
}

} // namespace

Headline headlineOf(const std::string& task, const store::Json& summary)
{
    Headline h;
    if (!summary.is_object()) {
        h.value = h.stderror = kNaN;
        return h;
    }
    const double n = numberOr(summary, "n", kNaN);
    const auto take = [&](const char* key, bool proportion) {
        h.metric = key;
        h.value = numberOr(summary, key, kNaN);
        h.stderror = numberOr(summary, (std::string(key) + "_stderr").c_str(), kNaN);
        if (std::isnan(h.stderror) && proportion)
            h.stderror = proportionStderr(h.value, n);
    };
    if (task == "perplexity") {
        take("perplexity", false);
        h.higherIsBetter = false;
    } else if (task == "quant_report") {
        // How far a quantized model's next-token distributions are from its original's.
        take("kl_mean", false);
        h.stderror = numberOr(summary, "kl_stderr", kNaN);
        h.higherIsBetter = false;
    } else if (task == "mc") {
        take("acc", true);
    } else if (task == "generate") {
        take("exact_match", true);
    } else if (summary.contains("mean_score")) {
        take("mean_score", false); // a grading judge
    } else if (summary.contains("wins")) {
        // A pairwise judge: the share of wins, a tie counting half.
        const double wins = numberOr(summary, "wins", 0), ties = numberOr(summary, "ties", 0);
        const double total = wins + ties + numberOr(summary, "losses", 0);
        h.metric = "win_rate";
        h.value = total > 0 ? (wins + ties / 2) / total : kNaN;
        h.stderror = proportionStderr(h.value, total);
    } else {
        take("score", false);
    }
    return h;
}

} // namespace lw::eval
