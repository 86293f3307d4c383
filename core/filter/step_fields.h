#pragma once
// Reading one recipe step's settings from its JSON object. Every error starts with the
// step's `where` ("recipe step 3 (regex)") and names the field, so a user can find the
// typo in a recipe of twenty steps.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lw::filter {

// The step must be a JSON object whose keys are all in `allowed` (which includes "step").
void checkStepFields(const nlohmann::json& step, const std::string& where,
                     const std::vector<std::string>& allowed);

// A missing key gives `fallback`.
bool readBool(const nlohmann::json& step, const char* key, const std::string& where, bool fallback);
int64_t readCount(const nlohmann::json& step, const char* key, const std::string& where, int64_t fallback);
std::string readString(const nlohmann::json& step, const char* key, const std::string& where,
                       const std::string& fallback);
// A number in [lo, hi]; JSON null switches the rule off (nullopt).
std::optional<double> readLimit(const nlohmann::json& step, const char* key, const std::string& where,
                                std::optional<double> fallback, double lo, double hi);
// One string or an array of strings; a missing key gives an empty list.
std::vector<std::string> readStringList(const nlohmann::json& step, const char* key,
                                        const std::string& where);

// "'a', 'b', 'c'": the wording error messages use to list choices.
std::string quotedList(const std::vector<std::string>& names);

} // namespace lw::filter
