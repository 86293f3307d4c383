#include "core/records/dataset_catalog.h"

#include "core/util/error.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace lw::records {

using Json = nlohmann::json;

namespace {

store::DatasetRecord toRecord(const DatasetVersion& v)
{
    store::DatasetRecord r;
    r.name = v.name;
    r.kind = kRecordsDatasetKind;
    r.path = v.dir;
    for (const auto& s : v.sources)
        r.sourceFiles.push_back(s.path);
    Json steps = Json::array();
    for (const auto& s : v.steps)
        steps.push_back({{"step", s.step}, {"rows_in", s.rowsIn}, {"rows_out", s.rowsOut}});
    r.meta = {{"record_kind", v.kind}, {"layout", v.layout},     {"rows", v.rows},
              {"rejected", v.rejected}, {"parent", v.parent.empty() ? Json(nullptr) : Json(v.parent)},
              {"recipe", v.recipe},     {"steps", steps},         {"splits", v.splits},
              {"tool_version", v.toolVersion}, {"records_sha256", v.recordsSha256}};
    return r;
}

} // namespace

std::string newVersionDir(const store::Project& project, const std::string& name)
{
    const std::string base = project.datasetDir(name);
    std::string dir = base;
    std::error_code ec;
    for (int n = 2; fs::exists(dir, ec); ++n)
        dir = base + "-" + std::to_string(n);
    return dir;
}

void checkNameFree(store::Store& store, const std::string& name)
{
    if (name.empty())
        throw Error::inField("--name", "a dataset needs a name");
    if (store.datasetByName(name))
        throw Error::inField("--name", "the project already has a dataset named '" + name + "'");
}

int64_t registerVersion(store::Store& store, const DatasetVersion& version)
{
    store::DatasetRecord record = toRecord(version);
    record.path = store.storablePath(version.dir);
    return store.registerDataset(record);
}

void updateVersion(store::Store& store, int64_t id, const DatasetVersion& version)
{
    writeManifest(version);
    store::DatasetRecord record = toRecord(version);
    record.id = id;
    record.path = store.storablePath(version.dir);
    if (auto old = store.dataset(id)) {
        record.createdAt = old->createdAt;
        record.tokenizerId = old->tokenizerId;
    }
    store.updateDataset(record);
}

CatalogEntry openVersion(store::Store& store, const std::string& name)
{
    auto record = store.datasetByName(name);
    if (!record)
        throw Error("the project has no dataset named '" + name + "' (see `llmwb data list`)");
    if (record->kind != kRecordsDatasetKind)
        throw Error("dataset '" + name + "' is a " + record->kind +
                    " dataset (tokens for pretraining), not a dataset of records made by `llmwb data import`");
    const std::string dir = store.absolutePath(record->path);
    return CatalogEntry{*record, loadDatasetVersion(dir)};
}

std::vector<store::DatasetRecord> listVersions(store::Store& store)
{
    std::vector<store::DatasetRecord> versions;
    for (auto& d : store.datasets())
        if (d.kind == kRecordsDatasetKind)
            versions.push_back(std::move(d));
    return versions;
}

std::vector<std::string> childrenOf(store::Store& store, const std::string& name)
{
    std::vector<std::string> children;
    for (const auto& d : listVersions(store)) {
        const auto it = d.meta.find("parent");
        if (it != d.meta.end() && it->is_string() && it->get<std::string>() == name)
            children.push_back(d.name);
    }
    return children;
}

void deleteVersion(store::Store& store, const std::string& name)
{
    auto record = store.datasetByName(name);
    if (!record)
        throw Error("the project has no dataset named '" + name + "'");
    if (record->kind != kRecordsDatasetKind)
        throw Error("dataset '" + name + "' is not a dataset of records");
    const auto children = childrenOf(store, name);
    if (!children.empty()) {
        std::string list;
        for (const auto& c : children)
            list += (list.empty() ? "" : ", ") + c;
        throw Error("dataset '" + name + "' cannot be deleted: " + list +
                    " were made from it (delete them first; their manifests name it as parent)");
    }
    const std::string dir = store.absolutePath(record->path);
    store.removeDataset(record->id);
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (ec)
        throw Error::fromErrno(dir, "the dataset was removed from the project, but its folder could not be deleted",
                               ec.value());
}

} // namespace lw::records
