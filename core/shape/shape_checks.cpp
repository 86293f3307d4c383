#include "core/shape/shape_checks.h"

#include "core/records/record_file.h"
#include "core/tokenizer/tokenizer.h"

namespace lw::shape {

namespace {

// The bytes of the tokens that receive loss, for stop-string searches.
std::string trainedBytes(const ShapedSequence& sequence, const tokenizer::Tokenizer& tokenizer, int32_t answer,
                         bool anyAnswer)
{
    std::string bytes;
    for (size_t t = 0; t < sequence.ids.size(); ++t)
        if (sequence.loss[t] && (anyAnswer || sequence.answerOf[t] == answer))
            bytes += tokenizer.tokenBytes(sequence.ids[t]);
    return bytes;
}

} // namespace

std::vector<std::string> ShapeCheckCounts::stopsNeverRendered() const
{
    std::vector<std::string> never;
    for (const auto& s : stops)
        if (s.renderedRows == 0)
            never.push_back(s.stop);
    return never;
}

std::vector<std::string> ShapeCheckCounts::stopsNeverTrained() const
{
    std::vector<std::string> never;
    for (const auto& s : stops)
        if (s.trainedRows == 0)
            never.push_back(s.stop);
    return never;
}

nlohmann::json ShapeCheckCounts::toJson() const
{
    nlohmann::json stopList = nlohmann::json::array();
    for (const auto& s : stops)
        stopList.push_back({{"stop", s.stop}, {"rendered_rows", s.renderedRows}, {"trained_rows", s.trainedRows}});
    return {{"rows", rows},
            {"sequences", sequences},
            {"tokens", tokens},
            {"loss_tokens", lossTokens},
            {"longest_sequence", longestSequence},
            {"answers", answers},
            {"answers_without_end", answersWithoutEnd},
            {"rows_without_end", rowsWithoutEnd},
            {"truncated_rows", truncatedRows},
            {"rows_without_loss", rowsWithoutLoss},
            {"rows_tokenized_by_piece", rowsTokenizedByPiece},
            {"stop_strings", stopList},
            {"stop_strings_never_rendered", stopsNeverRendered()},
            {"stop_strings_never_trained", stopsNeverTrained()}};
}

nlohmann::json answerEndJson(const AnswerEnd& end)
{
    return {{"marker", end.marker},
            {"marker_is_special_token", end.markerIsSpecial},
            {"eos_after_answer", end.placeEos},
            {"eos_id", end.eosId ? nlohmann::json(*end.eosId) : nlohmann::json()}};
}

ShapeChecker::ShapeChecker(const TrainingRenderer& renderer) : m_renderer(renderer)
{
    if (renderer.chatTemplate())
        for (const auto& stop : renderer.chatTemplate()->stop)
            m_counts.stops.push_back({stop, 0, 0});
}

bool ShapeChecker::answerEnds(const ShapedSequence& sequence, int32_t answer, bool templated) const
{
    const auto& eos = m_renderer.answerEnd().eosId;
    bool any = false;
    for (size_t t = 0; t < sequence.ids.size(); ++t) {
        if (!sequence.loss[t] || sequence.answerOf[t] != answer)
            continue;
        any = true;
        if (eos && sequence.ids[t] == *eos)
            return true;
    }
    if (!any || !templated)
        return false;
    const std::string bytes = trainedBytes(sequence, m_renderer.tokenizer(), answer, false);
    for (const auto& stop : m_renderer.chatTemplate()->stop)
        if (bytes.find(stop) != std::string::npos)
            return true;
    return false;
}

void ShapeChecker::add(const ShapedRecord& record)
{
    ShapeCheckCounts& c = m_counts;
    const bool templated = record.kind != records::RecordKind::Text;
    ++c.rows;
    bool withoutEnd = false, truncated = false, withoutLoss = false, byPiece = false;
    std::vector<bool> rendered(c.stops.size(), false), trained(c.stops.size(), false);
    for (const ShapedSequence& s : record.sequences) {
        ++c.sequences;
        c.tokens += int64_t(s.ids.size());
        const int64_t loss = s.lossTokens();
        c.lossTokens += loss;
        c.longestSequence = std::max(c.longestSequence, s.fullLength);
        truncated = truncated || s.truncated;
        withoutLoss = withoutLoss || loss == 0;
        byPiece = byPiece || !s.wholeText;
        for (int32_t a = 0; a < s.answers; ++a) {
            ++c.answers;
            if (!answerEnds(s, a, templated)) {
                ++c.answersWithoutEnd;
                withoutEnd = true;
            }
        }
        if (!templated || c.stops.empty())
            continue;
        const std::string bytes = trainedBytes(s, m_renderer.tokenizer(), -1, true);
        for (size_t i = 0; i < c.stops.size(); ++i) {
            rendered[i] = rendered[i] || s.text.find(c.stops[i].stop) != std::string::npos;
            trained[i] = trained[i] || bytes.find(c.stops[i].stop) != std::string::npos;
        }
    }
    for (size_t i = 0; i < c.stops.size(); ++i) {
        c.stops[i].renderedRows += rendered[i];
        c.stops[i].trainedRows += trained[i];
    }
    c.rowsWithoutEnd += withoutEnd;
    c.truncatedRows += truncated;
    c.rowsWithoutLoss += withoutLoss;
    c.rowsTokenizedByPiece += byPiece;
}

ShapeCheckCounts checkRecordsFile(const std::string& recordsPath, const TrainingRenderer& renderer,
                                  const std::function<void(int64_t, int64_t)>& progress)
{
    ShapeChecker checker(renderer);
    records::forEachRecord(
        recordsPath,
        [&](records::Record& record, int64_t) {
            checker.add(renderer.render(record));
            return true;
        },
        progress);
    return checker.counts();
}

} // namespace lw::shape
