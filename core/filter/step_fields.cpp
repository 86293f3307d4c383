#include "core/filter/step_fields.h"

#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace lw::filter {

namespace {

Error fieldError(const std::string& where, const char* key, const std::string& message)
{
    return Error::inField(where, fmt::format("field '{}': {}", key, message));
}

} // namespace

std::string quotedList(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& name : names)
        out += (out.empty() ? "'" : ", '") + name + "'";
    return out;
}

void checkStepFields(const nlohmann::json& step, const std::string& where,
                     const std::vector<std::string>& allowed)
{
    if (!step.is_object())
        throw Error::inField(where, "expected a JSON object");
    for (const auto& item : step.items()) {
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
            throw Error::inField(where, fmt::format("unknown field '{}' (allowed: {})", item.key(),
                                                    quotedList(allowed)));
    }
}

bool readBool(const nlohmann::json& step, const char* key, const std::string& where, bool fallback)
{
    auto it = step.find(key);
    if (it == step.end())
        return fallback;
    if (!it->is_boolean())
        throw fieldError(where, key, "expected true or false, got " + it->dump());
    return it->get<bool>();
}

int64_t readCount(const nlohmann::json& step, const char* key, const std::string& where, int64_t fallback)
{
    auto it = step.find(key);
    if (it == step.end())
        return fallback;
    if (!it->is_number_integer())
        throw fieldError(where, key, "expected a non-negative integer, got " + it->dump());
    if (it->is_number_unsigned() ? it->get<uint64_t>() > uint64_t(INT64_MAX) : it->get<int64_t>() < 0)
        throw fieldError(where, key, "expected a non-negative integer, got " + it->dump());
    return it->get<int64_t>();
}

std::string readString(const nlohmann::json& step, const char* key, const std::string& where,
                       const std::string& fallback)
{
    auto it = step.find(key);
    if (it == step.end())
        return fallback;
    if (!it->is_string())
        throw fieldError(where, key, "expected a string, got " + it->dump());
    return it->get<std::string>();
}

std::optional<double> readLimit(const nlohmann::json& step, const char* key, const std::string& where,
                                std::optional<double> fallback, double lo, double hi)
{
    auto it = step.find(key);
    if (it == step.end())
        return fallback;
    if (it->is_null())
        return std::nullopt;
    if (!it->is_number())
        throw fieldError(where, key, "expected a number (or null to switch the rule off), got " + it->dump());
    const double value = it->get<double>();
    if (!std::isfinite(value) || value < lo || value > hi)
        throw fieldError(where, key, fmt::format("expected a number from {} to {}, got {}", lo, hi, it->dump()));
    return value;
}

std::vector<std::string> readStringList(const nlohmann::json& step, const char* key,
                                        const std::string& where)
{
    auto it = step.find(key);
    if (it == step.end())
        return {};
    if (it->is_string())
        return {it->get<std::string>()};
    if (!it->is_array())
        throw fieldError(where, key, "expected a string or an array of strings, got " + it->dump());
    std::vector<std::string> out;
    for (size_t i = 0; i < it->size(); ++i) {
        const auto& item = (*it)[i];
        if (!item.is_string())
            throw fieldError(where, key, fmt::format("item {} is not a string: {}", i, item.dump()));
        out.push_back(item.get<std::string>());
    }
    return out;
}

} // namespace lw::filter
