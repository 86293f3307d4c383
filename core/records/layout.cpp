#include "core/records/layout.h"

#include "core/records/choice_subject.h"

#include <array>

namespace lw::records {

using Json = nlohmann::json;

namespace {

constexpr std::array<std::pair<Layout, std::string_view>, 6> kLayoutNames{{
    {Layout::Text, "text"},
    {Layout::Alpaca, "alpaca"},
    {Layout::ShareGpt, "sharegpt"},
    {Layout::Messages, "messages"},
    {Layout::Preference, "preference"},
    {Layout::MultipleChoice, "mc"},
}};

// A conversion failure inside rowToRecord; never escapes it.
struct Reject {
    std::string field, reason;
};

const Json* find(const Json& row, std::string_view field)
{
    auto it = row.find(std::string(field));
    return it == row.end() || it->is_null() ? nullptr : &*it;
}

std::string stringField(const Json& row, std::string_view field, bool required)
{
    const Json* value = find(row, field);
    if (!value) {
        if (required)
            throw Reject{std::string(field), "missing"};
        return {};
    }
    if (!value->is_string())
        throw Reject{std::string(field), "must be a string, not " + std::string(value->type_name())};
    return value->get<std::string>();
}

std::optional<std::string> mapShareGptRole(const std::string& from)
{
    if (from == "human" || from == "user")
        return "user";
    if (from == "gpt" || from == "assistant" || from == "bot" || from == "chatgpt" || from == "model")
        return "assistant";
    if (from == "system")
        return "system";
    if (from == "tool" || from == "function" || from == "observation")
        return "tool";
    return std::nullopt;
}

std::vector<Message> messageList(const Json& list, const std::string& field, const char* roleKey,
                                 const char* contentKey, bool shareGpt)
{
    if (!list.is_array())
        throw Reject{field, "must be a list of messages"};
    if (list.empty())
        throw Reject{field, "is empty"};
    std::vector<Message> messages;
    messages.reserve(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string name = field + "[" + std::to_string(i) + "]";
        if (!list[i].is_object())
            throw Reject{name, "must be an object"};
        Message m;
        const std::string role = stringField(list[i], roleKey, true);
        if (shareGpt) {
            auto mapped = mapShareGptRole(role);
            if (!mapped)
                throw Reject{name + "." + roleKey, "unknown speaker '" + role + "'"};
            m.role = *mapped;
        } else {
            if (!isKnownRole(role))
                throw Reject{name + "." + roleKey, "unknown role '" + role + "'"};
            m.role = role;
        }
        const Json* content = find(list[i], contentKey);
        if (!content)
            throw Reject{name + "." + contentKey, "missing"};
        if (!content->is_string())
            throw Reject{name + "." + contentKey, "must be a string"};
        m.content = content->get<std::string>();
        messages.push_back(std::move(m));
    }
    return messages;
}

void prependSystem(const Json& row, std::vector<Message>& messages)
{
    std::string system = stringField(row, "system", false);
    if (!system.empty() && (messages.empty() || messages.front().role != "system"))
        messages.insert(messages.begin(), Message{"system", std::move(system)});
}

std::string instructionPrompt(const Json& row)
{
    std::string prompt = stringField(row, "instruction", true);
    const std::string input = stringField(row, "input", false);
    if (!input.empty())
        prompt += "\n\n" + input;
    return prompt;
}

// A preference answer: a string (one assistant turn) or a message list. A list that
// repeats the prompt turns first (whole conversations) keeps only what follows them.
std::vector<Message> preferenceAnswer(const Json& row, const char* field, const std::vector<Message>& prompt)
{
    const Json* value = find(row, field);
    if (!value)
        throw Reject{field, "missing"};
    if (value->is_string())
        return {Message{"assistant", value->get<std::string>()}};
    std::vector<Message> list = messageList(*value, field, "role", "content", false);
    size_t shared = 0;
    while (shared < prompt.size() && shared < list.size() && list[shared] == prompt[shared])
        ++shared;
    if (shared == prompt.size() && shared < list.size())
        list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(shared));
    return list;
}

// Choices as a JSON list, or a string holding a JSON or Python list literal (as
// several public CSV sets write them), or separate A/B/C/D fields.
std::vector<std::string> parseListLiteral(const std::string& text);

std::vector<std::string> choiceList(const Json& row)
{
    if (const Json* value = find(row, "choices")) {
        if (value->is_array()) {
            std::vector<std::string> choices;
            for (size_t i = 0; i < value->size(); ++i) {
                const Json& c = (*value)[i];
                if (c.is_string())
                    choices.push_back(c.get<std::string>());
                else if (c.is_number())
                    choices.push_back(c.dump());
                else
                    throw Reject{"choices[" + std::to_string(i) + "]", "must be a string"};
            }
            return choices;
        }
        if (value->is_string())
            return parseListLiteral(value->get<std::string>());
        throw Reject{"choices", "must be a list"};
    }
    std::vector<std::string> choices;
    for (const char* letter : {"A", "B", "C", "D", "E", "F"}) {
        const Json* v = find(row, letter);
        if (!v)
            break;
        choices.push_back(v->is_string() ? v->get<std::string>() : v->dump());
    }
    if (choices.empty())
        throw Reject{"choices", "missing (neither a 'choices' list nor fields A, B, C, D)"};
    return choices;
}

std::vector<std::string> parseListLiteral(const std::string& text)
{
    std::vector<std::string> items;
    size_t i = 0;
    auto skipSpace = [&] {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r'))
            ++i;
    };
    skipSpace();
    if (i >= text.size() || text[i] != '[')
        throw Reject{"choices", "must be a list such as [\"a\", \"b\"]"};
    ++i;
    skipSpace();
    if (i < text.size() && text[i] == ']')
        return items;
    while (i < text.size()) {
        skipSpace();
        if (i >= text.size() || (text[i] != '\'' && text[i] != '"'))
            throw Reject{"choices", "list item " + std::to_string(items.size() + 1) + " is not a quoted string"};
        const char quote = text[i++];
        std::string item;
        bool closed = false;
        while (i < text.size()) {
            const char c = text[i++];
            if (c == '\\' && i < text.size()) {
                const char e = text[i++];
                switch (e) {
                case 'n': item += '\n'; break;
                case 't': item += '\t'; break;
                case 'r': item += '\r'; break;
                default: item += e; break; // \\, \', \"
                }
            } else if (c == quote) {
                closed = true;
                break;
            } else {
                item += c;
            }
        }
        if (!closed)
            throw Reject{"choices", "list item " + std::to_string(items.size() + 1) + " has no closing quote"};
        items.push_back(std::move(item));
        skipSpace();
        if (i < text.size() && text[i] == ',') {
            ++i;
            continue;
        }
        if (i < text.size() && text[i] == ']') {
            ++i;
            skipSpace();
            if (i != text.size())
                throw Reject{"choices", "text after the closing ']'"};
            return items;
        }
        throw Reject{"choices", "expected ',' or ']' after item " + std::to_string(items.size())};
    }
    throw Reject{"choices", "list has no closing ']'"};
}

int64_t answerIndex(const Json& row, const std::vector<std::string>& choices)
{
    const Json* value = find(row, "answer");
    if (!value)
        throw Reject{"answer", "missing"};
    const auto count = static_cast<int64_t>(choices.size());
    auto checked = [&](int64_t index) {
        if (index < 0 || index >= count)
            throw Reject{"answer", std::to_string(index) + " is not the index of one of the " +
                                       std::to_string(count) + " choices"};
        return index;
    };
    if (value->is_number_integer())
        return checked(value->get<int64_t>());
    if (!value->is_string())
        throw Reject{"answer", "must be an index, a letter or one of the choices"};
    const std::string text = value->get<std::string>();
    if (text.size() == 1 && text[0] >= 'A' && text[0] <= 'Z')
        return checked(text[0] - 'A');
    if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos && text.size() < 9)
        return checked(std::stoll(text));
    for (int64_t i = 0; i < count; ++i)
        if (choices[static_cast<size_t>(i)] == text)
            return i;
    throw Reject{"answer", "'" + text + "' is neither an index, a letter nor one of the choices"};
}

Record convert(const Json& row, Layout layout)
{
    Record r;
    switch (layout) {
    case Layout::Text:
        r.kind = RecordKind::Text;
        r.text = stringField(row, "text", true);
        break;
    case Layout::Alpaca: {
        r.kind = RecordKind::Chat;
        const bool hasResponse = find(row, "output") == nullptr && find(row, "response") != nullptr;
        r.messages.push_back({"user", instructionPrompt(row)});
        r.messages.push_back({"assistant", stringField(row, hasResponse ? "response" : "output", true)});
        prependSystem(row, r.messages);
        break;
    }
    case Layout::ShareGpt: {
        r.kind = RecordKind::Chat;
        const Json* list = find(row, "conversations");
        if (!list)
            throw Reject{"conversations", "missing"};
        r.messages = messageList(*list, "conversations", "from", "value", true);
        prependSystem(row, r.messages);
        break;
    }
    case Layout::Messages: {
        r.kind = RecordKind::Chat;
        const Json* list = find(row, "messages");
        if (!list)
            throw Reject{"messages", "missing"};
        r.messages = messageList(*list, "messages", "role", "content", false);
        break;
    }
    case Layout::Preference: {
        r.kind = RecordKind::Preference;
        if (const Json* prompt = find(row, "prompt")) {
            if (prompt->is_string())
                r.messages.push_back({"user", prompt->get<std::string>()});
            else
                r.messages = messageList(*prompt, "prompt", "role", "content", false);
        } else if (find(row, "instruction")) {
            r.messages.push_back({"user", instructionPrompt(row)});
        } else {
            throw Reject{"prompt", "missing (neither 'prompt' nor 'instruction')"};
        }
        prependSystem(row, r.messages);
        r.chosen = preferenceAnswer(row, "chosen", r.messages);
        r.rejected = preferenceAnswer(row, "rejected", r.messages);
        break;
    }
    case Layout::MultipleChoice:
        r.kind = RecordKind::Choice;
        r.question = stringField(row, "question", true);
        r.choices = choiceList(row);
        if (r.choices.size() < 2)
            throw Reject{"choices", "needs at least two choices"};
        r.answer = answerIndex(row, r.choices);
        r.subject = subjectOfRow(row);
        break;
    }
    return r;
}

} // namespace

std::string_view layoutName(Layout layout)
{
    for (const auto& [l, name] : kLayoutNames)
        if (l == layout)
            return name;
    return "text";
}

std::optional<Layout> layoutFromName(std::string_view name)
{
    for (const auto& [l, n] : kLayoutNames)
        if (n == name)
            return l;
    return std::nullopt;
}

std::vector<std::string> layoutNames()
{
    std::vector<std::string> names;
    for (const auto& entry : kLayoutNames)
        names.emplace_back(entry.second);
    return names;
}

std::optional<Layout> detectLayout(const Json& row)
{
    if (!row.is_object())
        return std::nullopt;
    auto has = [&](const char* field) { return find(row, field) != nullptr; };
    if (has("messages"))
        return Layout::Messages;
    if (has("conversations"))
        return Layout::ShareGpt;
    if (has("chosen") && has("rejected"))
        return Layout::Preference;
    if (has("question") && has("answer") && (has("choices") || has("A")))
        return Layout::MultipleChoice;
    if (has("instruction") && (has("output") || has("response")))
        return Layout::Alpaca;
    if (has("text"))
        return Layout::Text;
    return std::nullopt;
}

std::optional<Record> rowToRecord(const Json& row, Layout layout, RowProblem& problem)
{
    if (!row.is_object()) {
        problem = {"", "a row must be a JSON object, not " + std::string(row.type_name())};
        return std::nullopt;
    }
    try {
        return convert(row, layout);
    } catch (const Reject& reject) {
        problem = {reject.field, reject.reason};
        return std::nullopt;
    }
}

std::string describeFields(const Json& row)
{
    if (!row.is_object())
        return std::string("(") + row.type_name() + ")";
    std::string fields;
    for (auto it = row.begin(); it != row.end(); ++it) {
        if (!fields.empty())
            fields += ", ";
        fields += it.key();
    }
    return fields.empty() ? "(no fields)" : fields;
}

} // namespace lw::records
