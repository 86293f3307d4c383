#pragma once
// The one figure that stands for an evaluation in lists and charts (perplexity for
// perplexity, acc for multiple choice, exact match for generation, the mean score or
// win rate for judges), with its standard error where the task gives one.
#include "core/store/records.h"

#include <optional>
#include <string>

namespace lw::eval {

struct Headline {
    std::string metric; // the summary key: "perplexity", "acc", ...
    double value = 0;
    std::optional<double> stderror;
    bool higherIsBetter = true;
};

// nullopt when the summary holds none of the known figures.
std::optional<Headline> headlineOf(const store::EvaluationRecord& evaluation);

} // namespace lw::eval
