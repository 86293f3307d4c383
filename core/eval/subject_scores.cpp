#include "core/eval/subject_scores.h"

#include <cmath>
#include <limits>

namespace lw::eval {

namespace {

constexpr double kNoFigure = std::numeric_limits<double>::quiet_NaN();

double figureOr(const store::Json& object, const char* key, double fallback)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<double>() : fallback;
}

// The stored error of `key` when there is one, else the one its share and n give.
double stderrOf(const store::Json& figures, const std::string& key, double share, int64_t n)
{
    const double stored = figureOr(figures, (key + "_stderr").c_str(), kNoFigure);
    return std::isnan(stored) ? shareStderr(share, n) : stored;
}

} // namespace

double shareStderr(double share, int64_t n)
{
    if (n < 2 || std::isnan(share))
        return kNoFigure;
    // meanStderr of n outcomes of which a share p are 1, in closed form: the sample
    // variance n p (1 - p) / (n - 1), over n. No list of n outcomes (n comes from a stored
    // summary, so it may be anything).
    return std::sqrt(share * (1 - share) / double(n - 1));
}

std::vector<SubjectScore> subjectScoresOf(const store::Json& summary)
{
    std::vector<SubjectScore> scores;
    if (!summary.is_object())
        return scores;
    const auto subjects = summary.find("subjects");
    if (subjects == summary.end() || !subjects->is_object())
        return scores;
    for (const auto& [name, figures] : subjects->items()) { // nlohmann keeps keys sorted
        if (!figures.is_object())
            continue;
        SubjectScore s;
        s.subject = name;
        const double count = figureOr(figures, "n", 0);
        s.n = std::isfinite(count) && count >= 0 && count <= 1e15 ? int64_t(count) : 0; // no figure for a bad n
        s.acc = figureOr(figures, "acc", kNoFigure);
        s.accNorm = figureOr(figures, "acc_norm", kNoFigure);
        s.accStderr = stderrOf(figures, "acc", s.acc, s.n);
        s.accNormStderr = stderrOf(figures, "acc_norm", s.accNorm, s.n);
        scores.push_back(s);
    }
    return scores;
}

} // namespace lw::eval
