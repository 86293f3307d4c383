#pragma once
// Records written back as rows of an import layout (the inverse of
// records::rowToRecord), each with "source": {"file", "line"} naming the row it was
// imported from (line from 1). A row read back with rowToRecord in the same layout
// gives the same record.
#include "core/records/layout.h"
#include "core/records/record.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::shape {

// The layouts a record of this kind can be written in, the first being its natural one.
std::vector<records::Layout> layoutsForKind(records::RecordKind kind);

// Why the record does not fit the layout, or "" when it does.
std::string layoutMismatch(const records::Record& record, records::Layout layout);

// The row; lw::Error naming the record's source file and line when it does not fit.
nlohmann::json recordToRow(const records::Record& record, records::Layout layout);

} // namespace lw::shape
