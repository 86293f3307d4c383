#include "core/eval/eval_examples.h"

#include "core/records/layout.h"
#include "core/records/source_rows.h"
#include "core/util/error.h"

namespace lw::eval {

namespace {

using Json = nlohmann::json;

// prompt/response, prompt/completion and question/answer rows seen as Alpaca rows, so
// that core/records converts them (records itself only knows instruction/output).
std::optional<Json> asAlpacaRow(const Json& row)
{
    static const std::pair<const char*, const char*> pairs[] = {
        {"prompt", "response"}, {"prompt", "completion"}, {"question", "answer"}};
    for (const auto& [prompt, answer] : pairs) {
        if (!row.contains(prompt) || !row.contains(answer))
            continue;
        Json alpaca = {{"instruction", row[prompt]}, {"output", row[answer]}};
        if (row.contains("system"))
            alpaca["system"] = row["system"];
        return alpaca;
    }
    return std::nullopt;
}

records::Record rowRecord(const std::string& path, const Json& row, int64_t line)
{
    std::optional<records::Layout> layout = records::detectLayout(row);
    std::optional<Json> alpaca;
    if (!layout || *layout == records::Layout::Text || *layout == records::Layout::MultipleChoice) {
        alpaca = asAlpacaRow(row);
        if (!alpaca)
            throw Error::inFile(path,
                                "no prompt and reference in fields " + records::describeFields(row) +
                                    " (expected instruction/output, messages, prompt/response or question/answer)",
                                line);
        layout = records::Layout::Alpaca;
    }
    records::RowProblem problem;
    auto record = records::rowToRecord(alpaca ? *alpaca : row, *layout, problem);
    if (!record)
        throw Error::inFile(path, "field '" + problem.field + "': " + problem.reason, line);
    if (record->kind != records::RecordKind::Chat)
        throw Error::inFile(path, "a " + std::string(records::layoutName(*layout)) + " row has no reference answer",
                            line);
    return *record;
}

EvalExample toExample(const std::string& path, const records::Record& record, int64_t line, int64_t index)
{
    const auto& messages = record.messages;
    if (messages.empty() || messages.back().role != "assistant")
        throw Error::inFile(path, "the conversation must end with the assistant's reference answer", line);
    EvalExample e;
    e.index = index;
    e.line = line;
    for (size_t i = 0; i + 1 < messages.size(); ++i)
        e.turns.push_back({messages[i].role, messages[i].content});
    if (e.turns.empty() || e.turns.back().role != "user")
        throw Error::inFile(path, "the assistant's reference answer must follow a user message", line);
    const records::PromptAndAnswer pa = records::promptAndAnswer(record);
    e.prompt = pa.prompt;
    e.reference = pa.answer;
    return e;
}

} // namespace

std::vector<EvalExample> readEvalExamples(const std::string& path, int64_t limit)
{
    std::vector<EvalExample> examples;
    records::SourceRowHandlers handlers;
    handlers.row = [&](Json& row, int64_t line) {
        examples.push_back(toExample(path, rowRecord(path, row, line), line, int64_t(examples.size())));
        return limit <= 0 || int64_t(examples.size()) < limit;
    };
    handlers.malformed = [&](int64_t line, const std::string& field, const std::string& reason) -> bool {
        throw Error::inFile(path, (field.empty() ? "" : field + ": ") + reason, line);
    };
    records::forEachSourceRow(path, {}, handlers);
    if (examples.empty())
        throw Error::inFile(path, "holds no examples");
    return examples;
}

} // namespace lw::eval
