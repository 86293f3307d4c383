#pragma once
// Dataset versions in the project store: each is a row of the datasets table (kind
// "records", its manifest's summary in meta) pointing at its folder, so runs can name
// the exact version they trained on and the Data panel can show the versions as a tree.
#include "core/records/dataset_version.h"
#include "core/store/project.h"
#include "core/store/store.h"

#include <optional>
#include <string>
#include <vector>

namespace lw::records {

inline constexpr const char* kRecordsDatasetKind = "records";

// A new, unused folder for a version named `name` under the project's datasets folder.
std::string newVersionDir(const store::Project& project, const std::string& name);

// lw::Error when the name is taken (by any dataset of the project).
void checkNameFree(store::Store& store, const std::string& name);

int64_t registerVersion(store::Store& store, const DatasetVersion& version);

struct CatalogEntry {
    store::DatasetRecord record;
    DatasetVersion version;
};

// A records dataset by name; lw::Error naming it when missing or not a records dataset.
CatalogEntry openVersion(store::Store& store, const std::string& name);
// Every records dataset, by name (versions whose folder is gone are left out).
std::vector<store::DatasetRecord> listVersions(store::Store& store);
// Names of the versions made from `name`.
std::vector<std::string> childrenOf(store::Store& store, const std::string& name);
// Removes the row and the folder; lw::Error when other versions were made from it.
void deleteVersion(store::Store& store, const std::string& name);
// Rewrites the manifest and the row's summary after a change (splits).
void updateVersion(store::Store& store, int64_t id, const DatasetVersion& version);

} // namespace lw::records
