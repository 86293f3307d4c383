#include "core/eval/choice_tasks.h"

#include "core/eval/harness_text.h"
#include "core/records/choice_subject.h"
#include "core/records/layout.h"
#include "core/records/record_file.h"
#include "core/records/source_rows.h"
#include "core/records/splits.h"
#include "core/util/error.h"

#include <array>

namespace lw::eval {

using Json = nlohmann::json;

namespace {

constexpr std::array<std::pair<ChoiceLayout, std::string_view>, 4> kChoiceLayoutNames{{
    {ChoiceLayout::Mmlu, "mmlu"},
    {ChoiceLayout::HellaSwag, "hellaswag"},
    {ChoiceLayout::Arc, "arc"},
    {ChoiceLayout::Generic, "generic"},
}};

// A row that does not fit: the field of the source row at fault and why.
struct RowFault {
    std::string field, reason;
};

const Json* findField(const Json& row, const char* field)
{
    auto it = row.find(field);
    return it == row.end() || it->is_null() ? nullptr : &*it;
}

bool hasField(const Json& row, const char* field)
{
    return findField(row, field) != nullptr;
}

std::string textField(const Json& row, const char* field, bool required)
{
    const Json* value = findField(row, field);
    if (!value) {
        if (required)
            throw RowFault{field, "missing"};
        return {};
    }
    if (!value->is_string())
        throw RowFault{field, "must be a string, not " + std::string(value->type_name())};
    return value->get<std::string>();
}

// A structured field that a CSV or Parquet file could only hold as JSON text.
Json structuredField(const Json& row, const char* field)
{
    const Json* value = findField(row, field);
    if (!value)
        throw RowFault{field, "missing"};
    if (!value->is_string())
        return *value;
    Json parsed = Json::parse(value->get<std::string>(), nullptr, false);
    if (parsed.is_discarded())
        throw RowFault{field, "holds text that is not JSON"};
    return parsed;
}

std::optional<ChoiceLayout> detectChoiceLayout(const Json& row)
{
    if (!row.is_object())
        return std::nullopt;
    if (hasField(row, "endings") && (hasField(row, "ctx") || hasField(row, "ctx_a")))
        return ChoiceLayout::HellaSwag;
    if (hasField(row, "question") && hasField(row, "answerKey") && hasField(row, "choices"))
        return ChoiceLayout::Arc;
    if (records::detectLayout(row) == records::Layout::MultipleChoice)
        return ChoiceLayout::Mmlu;
    return std::nullopt;
}

// The records layer's multiple-choice conversion (list literals, A/B/C/D fields, answer
// as index, letter or text) on a row already in its field names. `names` maps its
// field names back to the source row's for errors.
ChoiceItem convertChoiceRow(const Json& normalised, const std::vector<std::pair<std::string, std::string>>& names)
{
    records::RowProblem problem;
    auto record = records::rowToRecord(normalised, records::Layout::MultipleChoice, problem);
    if (!record) {
        std::string field = problem.field;
        for (const auto& [ours, theirs] : names)
            if (field.compare(0, ours.size(), ours) == 0)
                field = theirs + field.substr(ours.size());
        throw RowFault{field, problem.reason};
    }
    ChoiceItem item;
    item.question = std::move(record->question);
    item.choices = std::move(record->choices);
    item.answer = record->answer;
    return item;
}

ChoiceItem hellaswagItem(const Json& row)
{
    std::string ctx;
    if (hasField(row, "ctx_a"))
        ctx = textField(row, "ctx_a", true) + " " + capitalizeLikePython(textField(row, "ctx_b", false));
    else
        ctx = textField(row, "ctx", true);
    const std::string label = textField(row, "activity_label", false);
    Json normalised = {{"question", label.empty() ? ctx : label + ": " + ctx}, {"choices", *findField(row, "endings")}};
    if (const Json* gold = findField(row, "label"))
        normalised["answer"] = *gold;
    return convertChoiceRow(normalised, {{"choices", "endings"}, {"answer", "label"}, {"question", "ctx"}});
}

ChoiceItem arcItem(const Json& row)
{
    const Json choices = structuredField(row, "choices");
    if (!choices.is_object() || !choices.contains("text") || !choices.contains("label"))
        throw RowFault{"choices", "must be an object {\"text\": [...], \"label\": [...]}"};
    const Json& texts = choices["text"];
    const Json& labels = choices["label"];
    if (!texts.is_array() || !labels.is_array() || texts.size() != labels.size())
        throw RowFault{"choices", "'text' and 'label' must be lists of the same length"};
    const Json* key = findField(row, "answerKey");
    if (!key)
        throw RowFault{"answerKey", "missing"};
    const std::string answerKey = key->is_string() ? key->get<std::string>() : key->dump();
    int64_t answer = -1;
    std::string known;
    for (size_t i = 0; i < labels.size(); ++i) {
        const std::string label = labels[i].is_string() ? labels[i].get<std::string>() : labels[i].dump();
        known += (i ? ", " : "") + label;
        if (label == answerKey && answer < 0)
            answer = int64_t(i);
    }
    if (answer < 0)
        throw RowFault{"answerKey", "'" + answerKey + "' is not one of the labels " + known};
    const Json normalised = {{"question", textField(row, "question", true)}, {"choices", texts}, {"answer", answer}};
    return convertChoiceRow(normalised, {{"choices", "choices.text"}});
}

ChoiceItem itemOfRow(const Json& row, ChoiceLayout layout)
{
    if (!row.is_object())
        throw RowFault{"", "a row must be an object, not " + std::string(row.type_name())};
    ChoiceItem item;
    switch (layout) {
    case ChoiceLayout::HellaSwag:
        item = hellaswagItem(row);
        break;
    case ChoiceLayout::Arc:
        item = arcItem(row);
        break;
    case ChoiceLayout::Mmlu:
    case ChoiceLayout::Generic:
        item = convertChoiceRow(row, {});
        break;
    }
    item.subject = records::subjectOfRow(row);
    return item;
}

} // namespace

std::string_view choiceLayoutName(ChoiceLayout layout)
{
    for (const auto& [l, name] : kChoiceLayoutNames)
        if (l == layout)
            return name;
    return "mmlu";
}

std::optional<ChoiceLayout> choiceLayoutFromName(std::string_view name)
{
    for (const auto& [l, n] : kChoiceLayoutNames)
        if (n == name)
            return l;
    return std::nullopt;
}

ChoiceTask loadChoiceFile(const std::string& path, const ChoiceLoadOptions& options)
{
    ChoiceTask task;
    std::optional<ChoiceLayout> layout = options.layout;
    records::SourceRowHandlers handlers;
    handlers.row = [&](Json& row, int64_t line) {
        if (!layout) {
            layout = detectChoiceLayout(row);
            if (!layout)
                throw Error::inFile(path, "no multiple-choice layout (mmlu, hellaswag, arc) fits the fields " +
                                              records::describeFields(row), line);
        }
        try {
            ChoiceItem item = itemOfRow(row, *layout);
            item.source = {path, line};
            task.items.push_back(std::move(item));
        } catch (const RowFault& fault) {
            const std::string where = fault.field.empty() ? "" : "field '" + fault.field + "': ";
            throw Error::inFile(path, where + fault.reason, line);
        }
        return true;
    };
    handlers.malformed = [&](int64_t line, const std::string& field, const std::string& reason) -> bool {
        throw Error::inFile(path, (field.empty() ? "" : "field '" + field + "': ") + reason, line);
    };
    records::forEachSourceRow(path, records::SourceReadOptions{}, handlers);
    if (task.items.empty())
        throw Error::inFile(path, "holds no multiple-choice items");
    task.layout = *layout;
    if (task.layout == ChoiceLayout::Mmlu) {
        const std::string fallback = records::subjectOfFileName(path);
        for (auto& item : task.items)
            if (item.subject.empty())
                item.subject = fallback;
    }
    return task;
}

ChoiceTask loadChoiceDataset(const records::DatasetVersion& version, const ChoiceLoadOptions& options)
{
    if (version.kind != "choice")
        throw Error("dataset '" + version.name + "' holds " + version.kind +
                    " records, not multiple-choice ones (import a file with --format mc)");
    ChoiceTask task;
    task.layout = options.layout.value_or(ChoiceLayout::Mmlu);
    const std::vector<records::Split> splits = records::loadSplits(version);
    bool hasTest = false;
    for (records::Split s : splits)
        hasTest = hasTest || s == records::Split::Test;
    records::forEachRecord(version.recordsPath(), [&](records::Record& record, int64_t row) {
        if (record.kind != records::RecordKind::Choice)
            throw Error::inFile(version.recordsPath(), "not a multiple-choice record", row + 1);
        ChoiceItem item;
        item.question = std::move(record.question);
        item.choices = std::move(record.choices);
        item.answer = record.answer;
        item.subject = std::move(record.subject);
        item.source = record.source;
        const bool evaluated = !hasTest || (size_t(row) < splits.size() && splits[size_t(row)] == records::Split::Test);
        (evaluated ? task.items : task.shotPool).push_back(std::move(item));
        return true;
    });
    if (task.items.empty())
        throw Error("dataset '" + version.name + "' holds no multiple-choice items");
    return task;
}

} // namespace lw::eval
