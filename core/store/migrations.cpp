#include "core/store/migrations.h"

#include "core/store/sqlite_connection.h"
#include "core/store/transaction.h"
#include "core/util/error.h"

namespace lw::store {

Migration sqlMigration(int version, std::string description, std::string sql)
{
    return Migration{version, std::move(description),
        [sql = std::move(sql)](Connection& connection) { connection.exec(sql); }};
}

int schemaVersion(Connection& connection)
{
    return static_cast<int>(connection.scalarInt64("PRAGMA user_version"));
}

namespace {

void checkNumbering(const Connection& connection, const std::vector<Migration>& migrations)
{
    for (size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != static_cast<int>(i) + 1 || !migrations[i].apply)
            throw Error(connection.path() + ": migration list is malformed: entry " +
                std::to_string(i + 1) + " has version " + std::to_string(migrations[i].version));
    }
}

[[noreturn]] void refuseNewer(const Connection& connection, int found, int known)
{
    throw Error(connection.path() + ": the store has schema version " + std::to_string(found) +
        ", newer than this LLM Workbench understands (up to version " + std::to_string(known) +
        "); open it with a newer LLM Workbench, or work on a copy of the project");
}

} // namespace

int migrate(Connection& connection, const std::vector<Migration>& migrations)
{
    checkNumbering(connection, migrations);
    const int latest = static_cast<int>(migrations.size());
    int current = schemaVersion(connection);
    if (current > latest)
        refuseNewer(connection, current, latest);

    while (current < latest) {
        Transaction transaction(connection);
        // Another process may have migrated while we waited for the write lock.
        current = schemaVersion(connection);
        if (current > latest)
            refuseNewer(connection, current, latest);
        if (current == latest)
            break; // the transaction rolls back: nothing was written
        const Migration& step = migrations[static_cast<size_t>(current)];
        try {
            step.apply(connection);
            // user_version lives in the database header, page 1: it is written (and
            // rolled back) with the rest of the transaction.
            connection.exec("PRAGMA user_version = " + std::to_string(step.version));
            transaction.commit();
        } catch (const std::exception& e) {
            // Errors from the connection already start with the path: say it once.
            std::string reason = e.what();
            const std::string prefix = connection.path() + ": ";
            if (reason.compare(0, prefix.size(), prefix) == 0)
                reason.erase(0, prefix.size());
            throw Error(connection.path() + ": migration to schema version " +
                std::to_string(step.version) + " (" + step.description +
                ") failed, the store stays at version " + std::to_string(current) + ": " + reason);
        }
        current = step.version;
    }
    return current;
}

} // namespace lw::store
