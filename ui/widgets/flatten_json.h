#pragma once
// Nested configuration JSON as flat "path -> value" pairs (model.n_layer -> "12"), the
// form a side-by-side comparison of runs needs.
#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace lw::ui {

// Object members join with '.', array elements of objects or arrays are indexed
// ("layers[2].d_ff"); arrays of plain values stay one compact value ("[1,2]"). Strings
// come without quotes; an empty object or array is kept as "{}" or "[]" so the key does
// not vanish. Keys come back sorted.
std::map<std::string, std::string> flattenJson(const nlohmann::json& json);

} // namespace lw::ui
