#pragma once
// JSON files and strings parsed with errors that name the file, line and column.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace lw::util {

using Json = nlohmann::json;

// Parses text; on failure throws lw::Error "<origin>:<line>: column <c>: <reason>".
Json parseJson(std::string_view text, const std::string& origin);
Json readJsonFile(const std::string& path);
void writeJsonFileAtomic(const std::string& path, const Json& value, int indent = 2);

// Field access with errors naming the field: requireField(obj, "n_layer", "config").
const Json& requireField(const Json& object, const std::string& key, const std::string& context);

// 1-based line and column of a byte offset in text.
std::pair<int64_t, int64_t> lineAndColumn(std::string_view text, size_t offset);

} // namespace lw::util
