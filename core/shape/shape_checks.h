#pragma once
// Checks over a whole dataset, counted, because a model fine-tuned on such rows never
// learns to stop (or learns nothing):
//   - answers whose trained tokens hold neither the end-of-sequence token nor one of the
//     template's stop strings (for text records: no end-of-sequence token at the end);
//   - template stop strings that never appear in the rendered text, or never in the
//     trained tokens (the model never learns to write them);
//   - rows longer than the context length (truncated: the end of the row is lost);
//   - rows with a sequence in which no token receives loss.
#include "core/shape/training_renderer.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::shape {

struct StopStringCount {
    std::string stop;
    int64_t renderedRows = 0; // rows whose rendered text holds it
    int64_t trainedRows = 0;  // rows whose trained tokens spell it
};

struct ShapeCheckCounts {
    int64_t rows = 0, sequences = 0, tokens = 0, lossTokens = 0;
    int64_t longestSequence = 0; // in tokens, before truncation
    int64_t answers = 0;
    int64_t answersWithoutEnd = 0;
    int64_t rowsWithoutEnd = 0; // rows with at least one answer without an end
    int64_t truncatedRows = 0;
    int64_t rowsWithoutLoss = 0;
    int64_t rowsTokenizedByPiece = 0; // see piece_tokenizer.h
    std::vector<StopStringCount> stops; // the template's stop strings, in its order

    std::vector<std::string> stopsNeverRendered() const;
    std::vector<std::string> stopsNeverTrained() const;
    nlohmann::json toJson() const;
};

class ShapeChecker {
public:
    explicit ShapeChecker(const TrainingRenderer& renderer);
    void add(const ShapedRecord& record);
    const ShapeCheckCounts& counts() const { return m_counts; }

private:
    // Whether answer `answer` of the sequence ends with the end-of-sequence token or a stop string.
    bool answerEnds(const ShapedSequence& sequence, int32_t answer, bool templated) const;

    const TrainingRenderer& m_renderer;
    ShapeCheckCounts m_counts;
};

// The JSON of what ends an answer (training_renderer.h), for reports.
nlohmann::json answerEndJson(const AnswerEnd& end);

// Renders every record of a records.jsonl and counts. progress(bytesDone, bytesTotal).
ShapeCheckCounts checkRecordsFile(const std::string& recordsPath, const TrainingRenderer& renderer,
                                  const std::function<void(int64_t, int64_t)>& progress = {});

} // namespace lw::shape
