#pragma once
// The scores of a generation task: exact match per answer and over the whole set, and
// corpus BLEU, chrF and ROUGE-1/2/L/Lsum F1 of the answers against the references.
#include "core/eval/answer_generation.h"
#include "core/eval/exact_match.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace lw::eval {

struct GenerationScores {
    std::vector<nlohmann::json> examples; // each row's JSON with "exact_match" (0 or 1)
    // exact_match (the mean), matches, n, bleu and chrf (0-100) with their signatures,
    // rouge1, rouge2, rougeL, rougeLsum (F1, 0-1)
    nlohmann::json summary;
};

GenerationScores scoreGeneratedAnswers(const std::vector<AnswerRow>& rows, const AnswerNormalisation& normalisation);

} // namespace lw::eval
