#include "ui/widgets/flatten_json.h"

#include <algorithm>

namespace lw::ui {

namespace {

bool isPlainArray(const nlohmann::json& value)
{
    return value.is_array() && std::none_of(value.begin(), value.end(), [](const auto& element) {
        return element.is_structured();
    });
}

void flattenInto(const nlohmann::json& value, const std::string& path,
    std::map<std::string, std::string>& out)
{
    if (value.is_object() && !value.empty()) {
        for (auto it = value.begin(); it != value.end(); ++it)
            flattenInto(it.value(), path.empty() ? it.key() : path + "." + it.key(), out);
    } else if (value.is_array() && !value.empty() && !isPlainArray(value)) {
        for (size_t i = 0; i < value.size(); ++i)
            flattenInto(value[i], path + "[" + std::to_string(i) + "]", out);
    } else if (value.is_string()) {
        out[path] = value.get<std::string>();
    } else {
        out[path] = value.dump();
    }
}

} // namespace

std::map<std::string, std::string> flattenJson(const nlohmann::json& json)
{
    std::map<std::string, std::string> out;
    if (json.is_object() && json.empty())
        return out; // a run with no config has no keys, not one "" key
    flattenInto(json, "", out);
    return out;
}

} // namespace lw::ui
