#pragma once
// What a dataset was made from, newest first: a token set made by `llmwb data export
// --format tokens --name` names the records version it was shaped from (meta
// "records_version"), and each records version names the version it was filtered or
// split from (meta "parent"), back to the import. A run records the dataset it trained
// on, so this chain says exactly which rows, in which version, a run saw.
#include "core/store/store.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::records {

struct LineageEntry {
    std::string name;
    std::string kind;          // the store's kind: "records", "text", "sft", "preference", ...
    std::string recordsSha256; // of the rows: the version's own, or the one a token set was made from
    bool missing = false;      // named by the entry before it, but no longer in the store
};

// The dataset `datasetId` first, then what it was made from, to the version that was
// imported. Stops at a name that is missing (kept, marked missing) or seen before (a
// damaged store must not loop). Empty when there is no such dataset.
std::vector<LineageEntry> datasetLineage(store::Store& store, int64_t datasetId);

// [{"name", "kind", "records_sha256", "missing"}], in chain order.
nlohmann::json lineageJson(const std::vector<LineageEntry>& lineage);

} // namespace lw::records
