// Rows taken to records through each layout (core/records/layout.h), including the
// Python or JSON list literal a CSV cell may hold for multiple-choice "choices". Option
// byte, bit 0 picks the input:
//   0: a JSON row (the rest of the input), converted through every layout and the one
//      detectLayout names: conversion never throws, a record fits its layout (its
//      kind; two or more choices and an answer among them; messages with known roles),
//      and it is stored and read back as the same record.
//   1: choices the harness writes as a list literal from the input (items split at
//      0x1F, bit 1: single quotes, bit 2: spaces after commas), escaping backslashes,
//      the quote and line breaks as Python's repr does: they read back exactly.
#include "core/records/layout.h"
#include "core/records/record.h"
#include "core/util/error.h"
#include "fuzz_harness.h"
#include "record_read_back.h"

namespace {

using lw::fuzz::invariantBroken;
using Json = nlohmann::json;
using lw::records::Layout;
using lw::records::RecordKind;

constexpr Layout kLayouts[] = {Layout::Text, Layout::Alpaca, Layout::ShareGpt, Layout::Messages,
                               Layout::Preference, Layout::MultipleChoice};

RecordKind kindOf(Layout layout)
{
    switch (layout) {
    case Layout::Text: return RecordKind::Text;
    case Layout::Alpaca: case Layout::ShareGpt: case Layout::Messages: return RecordKind::Chat;
    case Layout::Preference: return RecordKind::Preference;
    case Layout::MultipleChoice: return RecordKind::Choice;
    }
    return RecordKind::Text;
}

void checkMessages(const std::vector<lw::records::Message>& messages)
{
    for (const auto& m : messages)
        if (!lw::records::isKnownRole(m.role))
            invariantBroken("a message with the unknown role '" + m.role + "'");
}

void checkRecordFitsLayout(const lw::records::Record& r, Layout layout)
{
    if (r.kind != kindOf(layout))
        invariantBroken("a record of another kind than its layout");
    checkMessages(r.messages);
    checkMessages(r.chosen);
    checkMessages(r.rejected);
    if (r.kind == RecordKind::Chat && r.messages.empty())
        invariantBroken("a chat record without messages");
    if (r.kind == RecordKind::Preference && (r.chosen.empty() || r.rejected.empty()))
        invariantBroken("a preference record without a chosen or a rejected answer");
    if (r.kind == RecordKind::Choice && (r.choices.size() < 2 || r.answer < 0 || r.answer >= int64_t(r.choices.size())))
        invariantBroken("a choice record with fewer than two choices or an answer outside them");
}

void fuzzJsonRow(std::string_view input)
{
    const Json row = Json::parse(input, nullptr, false);
    if (row.is_discarded())
        return;
    (void)lw::records::describeFields(row);
    const auto detected = lw::records::detectLayout(row);
    for (Layout layout : kLayouts) {
        lw::records::RowProblem problem;
        const auto record = lw::records::rowToRecord(row, layout, problem);
        if (!record) {
            if (problem.reason.empty())
                invariantBroken("a refused row without a reason");
            continue;
        }
        checkRecordFitsLayout(*record, layout);
        lw::fuzz::checkRecordReadsBack(*record, lw::fuzz::scratchFolder() + "/records.jsonl:1");
    }
    if (detected && !row.is_object())
        invariantBroken("a layout detected for a row that is no object");
}

std::string listLiteral(const std::vector<std::string>& items, char quote, bool spaced)
{
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += spaced ? ", " : ",";
        out += quote;
        for (char c : items[i]) {
            switch (c) {
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            case '\\': out += "\\\\"; break;
            default:
                if (c == quote)
                    out += '\\';
                out += c;
            }
        }
        out += quote;
    }
    return out + "]";
}

void fuzzListLiteral(std::string_view input, unsigned char options)
{
    std::vector<std::string> items;
    for (;;) {
        const size_t at = input.find('\x1F');
        items.emplace_back(input.substr(0, at));
        if (at == std::string_view::npos)
            break;
        input.remove_prefix(at + 1);
    }
    if (items.size() < 2)
        items.emplace_back("second");
    const std::string literal = listLiteral(items, (options & 2) ? '\'' : '"', options & 4);
    const Json row = {{"question", "Which?"}, {"choices", literal}, {"answer", 1}};
    lw::records::RowProblem problem;
    const auto record = lw::records::rowToRecord(row, Layout::MultipleChoice, problem);
    if (!record)
        invariantBroken("a list literal written by the rules was refused: " + problem.field + ": " + problem.reason);
    if (record->choices != items)
        invariantBroken("the choices read back from a list literal differ from those written");
}

void fuzzRecordLayout(std::string_view input)
{
    const unsigned char options = lw::fuzz::takeOptionByte(input);
    if (options & 1)
        fuzzListLiteral(input, options);
    else
        fuzzJsonRow(input);
}

} // namespace

LW_FUZZ_HARNESS(record_layout, fuzzRecordLayout)
