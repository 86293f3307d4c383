#include "core/records/dataset_version.h"

#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <chrono>
#include <filesystem>

namespace lw::records {

using Json = nlohmann::json;

Json DatasetVersion::toJson() const
{
    Json sourcesJson = Json::array();
    for (const auto& s : sources)
        sourcesJson.push_back({{"path", s.path}, {"sha256", s.sha256}, {"bytes", s.bytes}, {"format", s.format},
                               {"layout", s.layout}, {"rows", s.rows}, {"rejected", s.rejected},
                               {"nfc_normalised", s.nfcNormalised}});
    Json stepsJson = Json::array();
    for (const auto& s : steps)
        stepsJson.push_back({{"step", s.step}, {"rows_in", s.rowsIn}, {"rows_out", s.rowsOut},
                             {"changed", s.changed}, {"removed_samples", s.removedSamples}});
    return {{"format", kRecordsFormat},
            {"format_version", kRecordsFormatVersion},
            {"name", name},
            {"kind", kind},
            {"layout", layout},
            {"rows", rows},
            {"rejected", rejected},
            {"parent", parent.empty() ? Json(nullptr) : Json(parent)},
            {"recipe", recipe},
            {"steps", stepsJson},
            {"sources", sourcesJson},
            {"splits", splits},
            {"tool_version", toolVersion},
            {"records_sha256", recordsSha256},
            {"created_at", createdAt}};
}

DatasetVersion DatasetVersion::fromJson(const Json& json, const std::string& dir)
{
    const std::string where = dir + "/dataset.json";
    if (!json.is_object() || json.value("format", "") != kRecordsFormat)
        throw Error::inFile(where, "not a records dataset manifest");
    if (json.value("format_version", 0) > kRecordsFormatVersion)
        throw Error::inFile(where, "written by a newer LLM Workbench (format version " +
                                       std::to_string(json.value("format_version", 0)) + ")");
    try {
        DatasetVersion v;
        v.dir = dir;
        v.name = json.value("name", "");
        v.kind = json.value("kind", "");
        v.layout = json.value("layout", "");
        v.rows = json.value("rows", int64_t(0));
        v.rejected = json.value("rejected", int64_t(0));
        if (json.contains("parent") && json["parent"].is_string())
            v.parent = json["parent"].get<std::string>();
        v.recipe = json.value("recipe", Json());
        for (const auto& s : json.value("steps", Json::array())) {
            StepCount step;
            step.step = s.value("step", Json());
            step.rowsIn = s.value("rows_in", int64_t(0));
            step.rowsOut = s.value("rows_out", int64_t(0));
            step.changed = s.value("changed", int64_t(0));
            step.removedSamples = s.value("removed_samples", Json::array());
            v.steps.push_back(std::move(step));
        }
        for (const auto& s : json.value("sources", Json::array())) {
            SourceFile f;
            f.path = s.value("path", "");
            f.sha256 = s.value("sha256", "");
            f.bytes = s.value("bytes", int64_t(0));
            f.format = s.value("format", "");
            f.layout = s.value("layout", "");
            f.rows = s.value("rows", int64_t(0));
            f.rejected = s.value("rejected", int64_t(0));
            f.nfcNormalised = s.value("nfc_normalised", int64_t(0));
            v.sources.push_back(std::move(f));
        }
        v.splits = json.value("splits", Json::object());
        v.toolVersion = json.value("tool_version", "");
        v.recordsSha256 = json.value("records_sha256", "");
        v.createdAt = json.value("created_at", 0.0);
        return v;
    } catch (const Json::exception& e) {
        throw Error::inFile(where, std::string("malformed manifest: ") + e.what());
    }
}

void writeManifest(const DatasetVersion& version)
{
    util::writeFileAtomic(version.manifestPath(), version.toJson().dump(2) + "\n");
}

bool isRecordsDataset(const std::string& dir)
{
    std::error_code ec;
    if (!std::filesystem::exists(dir + "/dataset.json", ec))
        return false;
    try {
        const Json json = Json::parse(util::readFile(dir + "/dataset.json"));
        return json.is_object() && json.value("format", "") == kRecordsFormat;
    } catch (const std::exception&) {
        return false;
    }
}

DatasetVersion loadDatasetVersion(const std::string& dir)
{
    const std::string path = dir + "/dataset.json";
    Json json;
    try {
        json = Json::parse(util::readFile(path));
    } catch (const Json::parse_error& e) {
        throw Error::inFile(path, std::string("not valid JSON: ") + e.what());
    }
    return DatasetVersion::fromJson(json, dir);
}

std::string toolVersion()
{
    return std::string("llmwb ") + LW_RECORDS_TOOL_VERSION;
}

double nowSeconds()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace lw::records
