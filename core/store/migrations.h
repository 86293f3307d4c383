#pragma once
// Versioned schema. The database's PRAGMA user_version is the number of the last
// migration applied; migrations are numbered 1, 2, 3... and each runs inside one
// transaction together with the user_version bump, so a failure halfway leaves the
// previous version and its tables exactly as they were.
//
// The runner takes the list as a parameter: the store passes storeMigrations()
// (schema.h); tests pass that list with extra steps appended.
#include <functional>
#include <string>
#include <vector>

namespace lw::store {

class Connection;

struct Migration {
    int version = 0;         // 1-based, consecutive
    std::string description; // shown in errors: "migration 2 (add run groups) failed: ..."
    std::function<void(Connection&)> apply;
};

// A migration that runs a SQL script.
Migration sqlMigration(int version, std::string description, std::string sql);

int schemaVersion(Connection& connection); // PRAGMA user_version

// Brings the database up to the last migration in the list and returns that version.
// Throws lw::Error, naming the database, when the list is not numbered 1..N, when the
// database is newer than the list (written by a newer LLM Workbench), or when a
// migration fails (that migration is rolled back; earlier ones stay applied).
// Safe when several processes open the same fresh database at once: the version is
// read again under the write lock before each step.
int migrate(Connection& connection, const std::vector<Migration>& migrations);

} // namespace lw::store
