#pragma once
// The one figure that stands for an evaluation in lists and charts, with its standard
// error: perplexity for perplexity (lower is better), acc for multiple choice, exact
// match for generation, and for a judge the mean score, or in pairwise comparisons the
// win rate with ties counting half; for a quantization report the mean KL divergence
// from the original (lower is better). A proportion without a stored standard error gets
// the sample one, sqrt(p (1 - p) / (n - 1)). The Runs chart and the Evaluate panel both
// read it from here.
#include "core/store/records.h"

#include <string>

namespace lw::eval {

struct Headline {
    std::string metric;     // the summary's key: "perplexity", "acc", ...
    double value = 0;       // NaN when the summary has none
    double stderror = 0;    // NaN when unknown
    bool higherIsBetter = true;
};

Headline headlineOf(const std::string& task, const store::Json& summary);
inline Headline headlineOf(const store::EvaluationRecord& evaluation)
{
    return headlineOf(evaluation.task, evaluation.summary);
}

} // namespace lw::eval
