#pragma once
// A dataset version: a folder holding records.jsonl (the rows), rejected.jsonl (rows
// the import refused, with file, line, field and reason) and dataset.json, the manifest
// that says exactly what the rows are: where they came from (each source file with its
// sha256), the version they were made from and the recipe that made them, the row
// counts of every step, and the tool version. Runs that train on it record its name,
// so any run can say what it was trained on.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lw::records {

inline constexpr const char* kRecordsFormat = "llmwb-records";
inline constexpr int kRecordsFormatVersion = 1;

struct SourceFile {
    std::string path;
    std::string sha256;
    int64_t bytes = 0;
    std::string format; // "jsonl", "csv", ...
    std::string layout; // "alpaca", ...
    int64_t rows = 0, rejected = 0;
    int64_t nfcNormalised = 0; // rows whose text was brought to NFC
};

// What one recipe step did: rows in and out, and a few rows it removed with the reason.
struct StepCount {
    nlohmann::json step; // the step as written in the recipe
    int64_t rowsIn = 0, rowsOut = 0;
    int64_t changed = 0; // rows a transforming step (pii) rewrote
    nlohmann::json removedSamples = nlohmann::json::array(); // [{"row", "source", "reason", "text"}]
};

struct DatasetVersion {
    std::string name;
    std::string dir;
    std::string kind;   // record kind of its rows: "text", "chat", "preference", "choice"
    std::string layout; // layout of the first source (import) or of the parent
    int64_t rows = 0;
    int64_t rejected = 0;
    std::string parent; // name of the version it was made from ("" for an import)
    nlohmann::json recipe; // null for an import
    std::vector<StepCount> steps;
    std::vector<SourceFile> sources;
    nlohmann::json splits = nlohmann::json::object(); // {"train": n, "validation": n, "test": n, "seed": s, ...}
    std::string toolVersion;
    std::string recordsSha256;
    double createdAt = 0;

    std::string recordsPath() const { return dir + "/records.jsonl"; }
    std::string rejectedPath() const { return dir + "/rejected.jsonl"; }
    std::string manifestPath() const { return dir + "/dataset.json"; }
    nlohmann::json toJson() const;
    static DatasetVersion fromJson(const nlohmann::json& json, const std::string& dir);
};

// Writes dataset.json (atomically).
void writeManifest(const DatasetVersion& version);
// Reads dataset.json of a folder; lw::Error naming the file when it is not a records dataset.
DatasetVersion loadDatasetVersion(const std::string& dir);
bool isRecordsDataset(const std::string& dir);

std::string toolVersion(); // "llmwb <version>"
double nowSeconds();

} // namespace lw::records
