#include "core/records/record.h"

#include "core/util/error.h"

namespace lw::records {

using Json = nlohmann::json;

std::string_view recordKindName(RecordKind kind)
{
    switch (kind) {
    case RecordKind::Text: return "text";
    case RecordKind::Chat: return "chat";
    case RecordKind::Preference: return "preference";
    case RecordKind::Choice: return "choice";
    }
    return "text";
}

bool isKnownRole(std::string_view role)
{
    return role == "system" || role == "user" || role == "assistant" || role == "tool";
}

namespace {

Json messagesToJson(const std::vector<Message>& messages)
{
    Json list = Json::array();
    for (const auto& m : messages)
        list.push_back({{"role", m.role}, {"content", m.content}});
    return list;
}

const Json& requireField(const Json& json, const char* field, const std::string& where)
{
    auto it = json.find(field);
    if (it == json.end())
        throw Error(where + ": field '" + field + "' is missing");
    return *it;
}

std::string requireString(const Json& value, const std::string& field, const std::string& where)
{
    if (!value.is_string())
        throw Error(where + ": field '" + field + "' must be a string");
    return value.get<std::string>();
}

std::vector<Message> messagesFromJson(const Json& list, const std::string& field, const std::string& where)
{
    if (!list.is_array())
        throw Error(where + ": field '" + field + "' must be a list of messages");
    std::vector<Message> messages;
    messages.reserve(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string name = field + "[" + std::to_string(i) + "]";
        if (!list[i].is_object())
            throw Error(where + ": field '" + name + "' must be an object with role and content");
        Message m;
        m.role = requireString(requireField(list[i], "role", where), name + ".role", where);
        m.content = requireString(requireField(list[i], "content", where), name + ".content", where);
        if (!isKnownRole(m.role))
            throw Error(where + ": field '" + name + ".role': unknown role '" + m.role + "'");
        messages.push_back(std::move(m));
    }
    return messages;
}

} // namespace

Json recordToJson(const Record& record)
{
    Json json = Json::object();
    switch (record.kind) {
    case RecordKind::Text:
        json["text"] = record.text;
        break;
    case RecordKind::Chat:
        json["messages"] = messagesToJson(record.messages);
        break;
    case RecordKind::Preference:
        json["prompt"] = messagesToJson(record.messages);
        json["chosen"] = messagesToJson(record.chosen);
        json["rejected"] = messagesToJson(record.rejected);
        break;
    case RecordKind::Choice:
        json["question"] = record.question;
        json["choices"] = record.choices;
        json["answer"] = record.answer;
        if (!record.subject.empty())
            json["subject"] = record.subject;
        break;
    }
    json["source"] = {{"file", record.source.file}, {"line", record.source.line}};
    return json;
}

Record recordFromJson(const Json& json, const std::string& where)
{
    if (!json.is_object())
        throw Error(where + ": a record must be a JSON object");
    Record r;
    if (json.contains("text")) {
        r.kind = RecordKind::Text;
        r.text = requireString(json["text"], "text", where);
    } else if (json.contains("messages")) {
        r.kind = RecordKind::Chat;
        r.messages = messagesFromJson(json["messages"], "messages", where);
    } else if (json.contains("chosen")) {
        r.kind = RecordKind::Preference;
        r.messages = messagesFromJson(requireField(json, "prompt", where), "prompt", where);
        r.chosen = messagesFromJson(json["chosen"], "chosen", where);
        r.rejected = messagesFromJson(requireField(json, "rejected", where), "rejected", where);
    } else if (json.contains("question")) {
        r.kind = RecordKind::Choice;
        r.question = requireString(json["question"], "question", where);
        const Json& choices = requireField(json, "choices", where);
        if (!choices.is_array())
            throw Error(where + ": field 'choices' must be a list of strings");
        for (size_t i = 0; i < choices.size(); ++i)
            r.choices.push_back(requireString(choices[i], "choices[" + std::to_string(i) + "]", where));
        const Json& answer = requireField(json, "answer", where);
        if (!answer.is_number_integer() || answer.get<int64_t>() < 0 ||
            answer.get<int64_t>() >= static_cast<int64_t>(r.choices.size()))
            throw Error(where + ": field 'answer' must be the index of one of the choices");
        r.answer = answer.get<int64_t>();
        if (auto subject = json.find("subject"); subject != json.end() && !subject->is_null())
            r.subject = requireString(*subject, "subject", where);
    } else {
        throw Error(where + ": not a record (no 'text', 'messages', 'chosen' or 'question' field)");
    }
    if (auto it = json.find("source"); it != json.end() && it->is_object()) {
        if (auto f = it->find("file"); f != it->end() && f->is_string())
            r.source.file = f->get<std::string>();
        if (auto l = it->find("line"); l != it->end() && l->is_number_integer())
            r.source.line = l->get<int64_t>();
    }
    return r;
}

std::vector<std::string_view> recordTexts(const Record& record)
{
    std::vector<std::string_view> texts;
    switch (record.kind) {
    case RecordKind::Text:
        texts.push_back(record.text);
        break;
    case RecordKind::Chat:
        for (const auto& m : record.messages)
            texts.push_back(m.content);
        break;
    case RecordKind::Preference:
        for (const auto* list : {&record.messages, &record.chosen, &record.rejected})
            for (const auto& m : *list)
                texts.push_back(m.content);
        break;
    case RecordKind::Choice:
        texts.push_back(record.question);
        for (const auto& c : record.choices)
            texts.push_back(c);
        break;
    }
    return texts;
}

namespace {

std::string joinContents(const std::vector<Message>& messages, size_t end)
{
    std::string joined;
    for (size_t i = 0; i < end && i < messages.size(); ++i) {
        if (messages[i].role == "system")
            continue; // the same system prompt on every row says nothing about the row
        if (!joined.empty())
            joined += "\n";
        joined += messages[i].content;
    }
    return joined;
}

} // namespace

PromptAndAnswer promptAndAnswer(const Record& record)
{
    PromptAndAnswer pa;
    if (record.kind == RecordKind::Chat) {
        size_t last = record.messages.size();
        while (last > 0 && record.messages[last - 1].role != "assistant")
            --last;
        if (last == 0) {
            pa.prompt = joinContents(record.messages, record.messages.size());
            return pa;
        }
        pa.prompt = joinContents(record.messages, last - 1);
        pa.answer = record.messages[last - 1].content;
    } else if (record.kind == RecordKind::Preference) {
        pa.prompt = joinContents(record.messages, record.messages.size());
        pa.answer = joinContents(record.chosen, record.chosen.size());
    } else if (record.kind == RecordKind::Choice) {
        pa.prompt = record.question;
        if (record.answer >= 0 && record.answer < static_cast<int64_t>(record.choices.size()))
            pa.answer = record.choices[static_cast<size_t>(record.answer)];
    } else {
        pa.prompt = record.text;
    }
    return pa;
}

} // namespace lw::records
