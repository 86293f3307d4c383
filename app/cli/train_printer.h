#pragma once
// Human-readable lines for training events (the terminal view of a run).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace lw::cli {

class TrainPrinter {
public:
    // The line to print for an event, if any (steps are thinned to about one a second).
    std::optional<std::string> lineFor(const nlohmann::json& event);

private:
    double m_lastStepLine = 0;
};

} // namespace lw::cli
