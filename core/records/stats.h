#pragma once
// Statistics of a dataset version for the Data panel and `llmwb data stats`: length
// distributions in characters (and tokens, with a tokenizer), empty fields, languages,
// exact duplicates, and rows and tokens per split.
#include "core/records/dataset_version.h"

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::records {

struct LengthSummary {
    std::vector<double> edges;   // bins+1 edges, from 0 to the maximum
    std::vector<int64_t> counts; // rows per bin (a bin holds [edge_i, edge_i+1), the last one includes its end)
    double mean = 0, p50 = 0, p95 = 0, max = 0;
    int64_t total = 0;
    nlohmann::json toJson() const;
    // Summary of the values (sorted in place); `bins` equal-width bins.
    static LengthSummary of(std::vector<int64_t>& values, int bins = 40);
};

struct DatasetStats {
    int64_t rows = 0;
    std::map<std::string, int64_t> kinds;
    LengthSummary chars;
    std::optional<LengthSummary> tokens;
    std::map<std::string, int64_t> emptyFields;
    std::map<std::string, int64_t> languages;
    int64_t exactDuplicates = 0;
    struct SplitCount {
        int64_t rows = 0, tokens = 0;
    };
    std::map<std::string, SplitCount> splits;
    nlohmann::json toJson() const;
};

using TokenCounter = std::function<int64_t(std::string_view)>;

// Reads every row once. `countTokens` (optional) counts the tokens of a text.
DatasetStats computeStats(const DatasetVersion& version, const TokenCounter& countTokens = {},
                          const std::function<bool(int64_t rowsDone, int64_t rowsTotal)>& progress = {});

// Code points of UTF-8 text (continuation bytes are not counted).
int64_t countCodePoints(std::string_view text);
// CLD2's language code for the text ("un" when unknown).
std::string detectLanguageCode(std::string_view text);

} // namespace lw::records
