#include "core/eval/generation_metrics.h"

namespace lw::eval {

GenerationScores scoreGeneratedAnswers(const std::vector<AnswerRow>& rows, const AnswerNormalisation& normalisation)
{
    GenerationScores scores;
    int64_t matches = 0;
    for (const AnswerRow& row : rows) {
        const bool match = exactMatch(row.answer, row.reference, normalisation);
        matches += match ? 1 : 0;
        nlohmann::json example = row.toJson();
        example["exact_match"] = match ? 1 : 0;
        scores.examples.push_back(std::move(example));
    }
    const int64_t n = int64_t(rows.size());
    scores.summary = {{"exact_match", n > 0 ? double(matches) / double(n) : 0.0}, {"matches", matches}, {"n", n}};

    // Corpus metrics: BLEU, chrF and ROUGE (core/eval/bleu.h, chrf.h, rouge.h) are added
    // to scores.summary here, over the same answers and references, once they are merged.

    return scores;
}

} // namespace lw::eval
