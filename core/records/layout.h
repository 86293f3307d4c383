#pragma once
// The layouts rows arrive in, how one is recognised from a row's fields, and how a row
// (a JSON object, or a CSV/Parquet row seen as one) becomes a normalised Record.
#include "core/records/record.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::records {

enum class Layout {
    Text,           // {"text": ...}
    Alpaca,         // instruction, input (optional), output; system (optional)
    ShareGpt,       // conversations: [{from, value}]
    Messages,       // messages: [{role, content}]
    Preference,     // prompt (or instruction + input), chosen, rejected: strings or message lists
    MultipleChoice, // question, choices (list, or A/B/C/D fields), answer (index, letter or text)
};

std::string_view layoutName(Layout layout); // "text", "alpaca", "sharegpt", "messages", "preference", "mc"
std::optional<Layout> layoutFromName(std::string_view name);
std::vector<std::string> layoutNames();

// The layout a row's fields say, or nullopt (the caller reports the fields it saw).
std::optional<Layout> detectLayout(const nlohmann::json& row);

// A row that does not fit its layout: the field at fault and why.
struct RowProblem {
    std::string field;
    std::string reason;
};

// Converts one row; on failure returns nullopt and fills `problem`.
std::optional<Record> rowToRecord(const nlohmann::json& row, Layout layout, RowProblem& problem);

// Field names of the row, comma-separated, for "no known layout" errors.
std::string describeFields(const nlohmann::json& row);

} // namespace lw::records
