#include "core/shape/record_rows.h"

#include "core/util/error.h"

namespace lw::shape {

using Json = nlohmann::json;
using records::Layout;
using records::RecordKind;

namespace {

Json messageList(const std::vector<records::Message>& messages)
{
    Json list = Json::array();
    for (const auto& m : messages)
        list.push_back({{"role", m.role}, {"content", m.content}});
    return list;
}

std::string shareGptSpeaker(const std::string& role)
{
    if (role == "user")
        return "human";
    if (role == "assistant")
        return "gpt";
    return role; // "system" and "tool" read back as themselves
}

// Alpaca holds [system,] user, assistant; an empty system message would not come back.
std::string alpacaMismatch(const records::Record& r)
{
    const auto& m = r.messages;
    const size_t first = !m.empty() && m[0].role == "system" ? 1 : 0;
    if (m.size() != first + 2 || m[first].role != "user" || m[first + 1].role != "assistant")
        return "alpaca holds one user instruction and one assistant answer (after an optional system message)";
    if (first == 1 && m[0].content.empty())
        return "alpaca cannot hold an empty system message";
    return "";
}

} // namespace

std::vector<Layout> layoutsForKind(RecordKind kind)
{
    switch (kind) {
    case RecordKind::Text:
        return {Layout::Text};
    case RecordKind::Chat:
        return {Layout::Messages, Layout::ShareGpt, Layout::Alpaca};
    case RecordKind::Preference:
        return {Layout::Preference};
    case RecordKind::Choice:
        return {Layout::MultipleChoice};
    }
    return {};
}

std::string layoutMismatch(const records::Record& record, Layout layout)
{
    bool fits = false;
    for (Layout l : layoutsForKind(record.kind))
        fits = fits || l == layout;
    if (!fits)
        return "a " + std::string(records::recordKindName(record.kind)) + " record does not fit layout " +
               std::string(records::layoutName(layout));
    if (record.kind == RecordKind::Chat && record.messages.empty())
        return "the conversation is empty";
    if (layout == Layout::Alpaca)
        return alpacaMismatch(record);
    if (record.kind == RecordKind::Preference &&
        (record.messages.empty() || record.chosen.empty() || record.rejected.empty()))
        return "the prompt, chosen and rejected lists must not be empty";
    return "";
}

Json recordToRow(const records::Record& record, Layout layout)
{
    if (const std::string why = layoutMismatch(record, layout); !why.empty())
        throw Error::inFile(record.source.file.empty() ? "record" : record.source.file, why, record.source.line);
    Json row;
    switch (layout) {
    case Layout::Text:
        row["text"] = record.text;
        break;
    case Layout::Messages:
        row["messages"] = messageList(record.messages);
        break;
    case Layout::ShareGpt: {
        Json list = Json::array();
        for (const auto& m : record.messages)
            list.push_back({{"from", shareGptSpeaker(m.role)}, {"value", m.content}});
        row["conversations"] = list;
        break;
    }
    case Layout::Alpaca: {
        const size_t first = record.messages.front().role == "system" ? 1 : 0;
        if (first == 1)
            row["system"] = record.messages[0].content;
        row["instruction"] = record.messages[first].content;
        row["input"] = "";
        row["output"] = record.messages[first + 1].content;
        break;
    }
    case Layout::Preference:
        row["prompt"] = messageList(record.messages);
        row["chosen"] = messageList(record.chosen);
        row["rejected"] = messageList(record.rejected);
        break;
    case Layout::MultipleChoice:
        row["question"] = record.question;
        row["choices"] = record.choices;
        row["answer"] = record.answer;
        break;
    }
    row["source"] = {{"file", record.source.file}, {"line", record.source.line}};
    return row;
}

} // namespace lw::shape
