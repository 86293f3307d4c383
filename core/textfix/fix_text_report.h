#pragma once
// What a text repair did to a file: lines repaired, unchanged and flagged, per cause,
// with a few sample lines per cause so a user can judge the repair.
#include "core/textfix/line_repair.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace lw::textfix {

struct LineSample {
    int64_t line = 0; // 1-based
    std::string before, after;
};

struct CauseCount {
    int64_t repaired = 0;
    int64_t flagged = 0;
    std::vector<LineSample> samples;
};

struct FixTextReport {
    static constexpr size_t kSamplesPerCause = 3;

    std::string input, output;
    std::string encoding;   // the source's encoding ("UTF-8" unless converted)
    bool converted = false; // the source was converted to UTF-8
    bool bomRemoved = false;
    int64_t bytesIn = 0, bytesOut = 0;
    int64_t lines = 0, repaired = 0, unchanged = 0, flagged = 0;
    std::map<std::string, CauseCount> causes;

    // Counts one line (`cause` is the repair's cause, or the conversion's).
    void count(int64_t lineNumber, std::string_view before, std::string_view after, LineStatus status,
               const std::string& cause);
    nlohmann::json toJson() const;
};

} // namespace lw::textfix
