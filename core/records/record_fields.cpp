#include "core/records/record_fields.h"

#include "core/util/error.h"

#include <algorithm>

namespace lw::records {

namespace {

std::string joinRole(const std::vector<Message>& messages, std::string_view role)
{
    std::string joined;
    for (const auto& m : messages) {
        if (m.role != role)
            continue;
        if (!joined.empty())
            joined += "\n";
        joined += m.content;
    }
    return joined;
}

std::string joinAll(const std::vector<std::string_view>& texts)
{
    std::string joined;
    for (size_t i = 0; i < texts.size(); ++i) {
        if (i)
            joined += "\n";
        joined += texts[i];
    }
    return joined;
}

} // namespace

const std::vector<std::string>& recordFieldNames()
{
    static const std::vector<std::string> names{"all",    "text",     "prompt",   "answer",   "system",      "user",
                                                "assistant", "chosen", "rejected", "question", "choices", "source.file"};
    return names;
}

bool isRecordField(std::string_view name)
{
    const auto& names = recordFieldNames();
    return std::find(names.begin(), names.end(), name) != names.end();
}

void checkRecordField(std::string_view name, const std::string& where)
{
    if (isRecordField(name))
        return;
    std::string list;
    for (const auto& n : recordFieldNames())
        list += (list.empty() ? "" : ", ") + n;
    throw Error(where + ": unknown field '" + std::string(name) + "' (known: " + list + ")");
}

std::string recordField(const Record& record, std::string_view name)
{
    if (name == "all")
        return joinAll(recordTexts(record));
    if (name == "text")
        return record.kind == RecordKind::Text ? record.text : joinAll(recordTexts(record));
    if (name == "prompt")
        return promptAndAnswer(record).prompt;
    if (name == "answer")
        return promptAndAnswer(record).answer;
    if (name == "system" || name == "user" || name == "assistant") {
        std::string joined = joinRole(record.messages, name);
        if (record.kind == RecordKind::Preference && name == "assistant") {
            const std::string chosen = joinRole(record.chosen, "assistant");
            joined += (joined.empty() || chosen.empty() ? "" : "\n") + chosen;
        }
        return joined;
    }
    if (name == "chosen")
        return joinRole(record.chosen, "assistant");
    if (name == "rejected")
        return joinRole(record.rejected, "assistant");
    if (name == "question")
        return record.question;
    if (name == "choices") {
        std::string joined;
        for (const auto& c : record.choices)
            joined += (joined.empty() ? "" : "\n") + c;
        return joined;
    }
    if (name == "source.file")
        return record.source.file;
    throw Error("unknown record field '" + std::string(name) + "'");
}

} // namespace lw::records
