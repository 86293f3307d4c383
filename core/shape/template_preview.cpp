#include "core/shape/template_preview.h"

#include "core/records/record_file.h"
#include "core/tokenizer/tokenizer.h"

namespace lw::shape {

using Json = nlohmann::json;

std::string validUtf8(const std::string& bytes)
{
    // nlohmann's replacing serialiser does the UTF-8 check; its output is a quoted JSON string.
    return Json::parse(Json(bytes).dump(-1, ' ', false, Json::error_handler_t::replace)).get<std::string>();
}

Json shapedSequenceJson(const ShapedSequence& sequence, const tokenizer::Tokenizer& tokenizer)
{
    Json tokens = Json::array();
    for (size_t t = 0; t < sequence.ids.size(); ++t)
        tokens.push_back(Json::array({sequence.ids[t], validUtf8(tokenizer.tokenBytes(sequence.ids[t])), sequence.loss[t]}));
    return {{"text", validUtf8(sequence.text)},
            {"tokens", tokens},
            {"loss_tokens", sequence.lossTokens()},
            {"length", sequence.ids.size()},
            {"full_length", sequence.fullLength},
            {"truncated", sequence.truncated},
            {"whole_text", sequence.wholeText}};
}

Json previewRows(const std::string& recordsPath, const TrainingRenderer& renderer, int64_t rows)
{
    Json list = Json::array();
    if (rows <= 0)
        return list;
    records::forEachRecord(recordsPath, [&](records::Record& record, int64_t row) {
        const ShapedRecord shaped = renderer.render(record);
        Json sequences = Json::array();
        for (const auto& s : shaped.sequences)
            sequences.push_back(shapedSequenceJson(s, renderer.tokenizer()));
        list.push_back({{"row", row},
                        {"source", {{"file", record.source.file}, {"line", record.source.line}}},
                        {"kind", records::recordKindName(record.kind)},
                        {"sequences", sequences}});
        return int64_t(list.size()) < rows;
    });
    return list;
}

} // namespace lw::shape
