#include "core/eval/generation_metrics.h"

#include "core/eval/bleu.h"
#include "core/eval/chrf.h"
#include "core/eval/rouge.h"

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

    // Corpus metrics over the same answers and references, with sacreBLEU's and
    // rouge-score's defaults (what `llmwb eval bleu|chrf|rouge` report for the same files).
    std::vector<std::string> answers;
    std::vector<std::vector<std::string>> references(1);
    for (const AnswerRow& row : rows) {
        answers.push_back(row.answer);
        references[0].push_back(row.reference);
    }
    if (n > 0) {
        const BleuResult bleu = corpusBleu(answers, references);
        const ChrfResult chrf = corpusChrf(answers, references);
        const RougeCorpusResult rouge = corpusRouge(answers, references);
        scores.summary["bleu"] = bleu.score;
        scores.summary["bleu_signature"] = bleu.signature;
        scores.summary["chrf"] = chrf.score;
        scores.summary["chrf_signature"] = chrf.signature;
        scores.summary["rouge1"] = rouge.mean.rouge1.fmeasure;
        scores.summary["rouge2"] = rouge.mean.rouge2.fmeasure;
        scores.summary["rougeL"] = rouge.mean.rougeL.fmeasure;
        scores.summary["rougeLsum"] = rouge.mean.rougeLsum.fmeasure;
        // Per answer, the ROUGE-L F1 the mean above is made of.
        for (size_t i = 0; i < rows.size(); ++i)
            scores.examples[i]["rougeL"] = scoreRouge(rows[i].reference, rows[i].answer).rougeL.fmeasure;
    }

    return scores;
}

} // namespace lw::eval
