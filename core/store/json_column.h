#pragma once
// Internal to the store's .cpp files: JSON columns read back with errors that name
// the database, table and row.
#include "core/store/records.h"
#include "core/util/json_io.h"

#include <string>

namespace lw::store::detail {

inline Json parseJsonColumn(const std::string& text, const std::string& databasePath,
    const char* table, int64_t id, const char* column)
{
    if (text.empty())
        return Json();
    return util::parseJson(
        text, databasePath + ": " + table + " " + std::to_string(id) + " " + column);
}

} // namespace lw::store::detail
