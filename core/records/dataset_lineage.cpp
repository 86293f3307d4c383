#include "core/records/dataset_lineage.h"

#include <optional>
#include <set>

namespace lw::records {

namespace {

std::string stringMeta(const nlohmann::json& meta, const char* key)
{
    const auto it = meta.find(key);
    return it != meta.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The dataset it was made from: a records version's parent, a token set's records version.
std::string madeFrom(const store::DatasetRecord& dataset)
{
    const std::string parent = stringMeta(dataset.meta, "parent");
    return parent.empty() ? stringMeta(dataset.meta, "records_version") : parent;
}

} // namespace

std::vector<LineageEntry> datasetLineage(store::Store& store, int64_t datasetId)
{
    std::vector<LineageEntry> lineage;
    std::optional<store::DatasetRecord> dataset = store.dataset(datasetId);
    std::set<std::string> seen;
    while (dataset && seen.insert(dataset->name).second) {
        lineage.push_back({dataset->name, dataset->kind, stringMeta(dataset->meta, "records_sha256"), false});
        const std::string next = madeFrom(*dataset);
        if (next.empty())
            break;
        dataset = store.datasetByName(next);
        if (!dataset)
            lineage.push_back({next, "", "", true});
    }
    return lineage;
}

nlohmann::json lineageJson(const std::vector<LineageEntry>& lineage)
{
    nlohmann::json chain = nlohmann::json::array();
    for (const auto& e : lineage)
        chain.push_back({{"name", e.name}, {"kind", e.kind}, {"records_sha256", e.recordsSha256}, {"missing", e.missing}});
    return chain;
}

} // namespace lw::records
