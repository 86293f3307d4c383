#pragma once
// Reads one optional field of a JSON object into a typed value, with an error that
// names the field ("<context>.<key>: expected an integer") when the type is wrong.
// A missing field leaves `out` as it was (its default).
#include "core/util/error.h"

#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>

namespace lw::util {

template <typename T>
void readJsonField(const nlohmann::json& json, const char* key, T& out, const std::string& context)
{
    auto it = json.find(key);
    if (it == json.end())
        return;
    const std::string field = context + "." + key;
    if constexpr (std::is_same_v<T, bool>) {
        if (!it->is_boolean())
            throw Error::inField(field, "expected true or false");
    } else if constexpr (std::is_unsigned_v<T>) {
        if (!it->is_number_unsigned())
            throw Error::inField(field, "expected a non-negative integer");
    } else if constexpr (std::is_integral_v<T>) {
        if (!it->is_number_integer())
            throw Error::inField(field, "expected an integer");
    } else {
        if (!it->is_number())
            throw Error::inField(field, "expected a number");
    }
    out = it->get<T>();
}

} // namespace lw::util
