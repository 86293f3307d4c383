#pragma once
// The scores of a generation task: exact match per answer and over the whole set (the
// corpus metrics join the summary here too).
#include "core/eval/answer_generation.h"
#include "core/eval/exact_match.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace lw::eval {

struct GenerationScores {
    std::vector<nlohmann::json> examples; // each row's JSON with "exact_match" (0 or 1)
    nlohmann::json summary;               // exact_match (the mean), matches, n
};

GenerationScores scoreGeneratedAnswers(const std::vector<AnswerRow>& rows, const AnswerNormalisation& normalisation);

} // namespace lw::eval
