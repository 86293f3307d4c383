#pragma once
// The store's schema, as the ordered list of migrations that builds it. Append a
// migration to change it; never edit one that has shipped.
#include "core/store/migrations.h"

#include <cstdint>
#include <vector>

namespace lw::store {

// Written into the database header (PRAGMA application_id) by the first migration, so
// that another program's SQLite file is recognised and refused instead of being
// "migrated". 0x4C4C5742 is "LLWB" in ASCII.
constexpr int32_t kStoreApplicationId = 0x4C4C5742;

const std::vector<Migration>& storeMigrations();
int latestSchemaVersion();

} // namespace lw::store
