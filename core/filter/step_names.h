#pragma once
// The recipe steps this library implements and the fields each accepts, in one table so
// that "unknown field" and "unknown step" errors can list the choices.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace lw::filter {

// "length", "regex", "language", "quality", "pii", "instruction_sanity".
const std::vector<std::string>& knownStepNames();

// Every field a step's object may hold, "step" included. Throws lw::Error for an
// unknown step name.
const std::vector<std::string>& allowedFields(std::string_view stepName);

// The step's "step" value, checked to be one of knownStepNames().
std::string stepName(const nlohmann::json& step, const std::string& where);

} // namespace lw::filter
