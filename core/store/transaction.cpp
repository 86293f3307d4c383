#include "core/store/transaction.h"

#include "core/store/sqlite_connection.h"

#include <sqlite3.h>

namespace lw::store {

namespace {
// Savepoint names only need to be unique among the open levels of one connection;
// a per-thread counter is enough because a connection is used by one thread.
thread_local unsigned g_savepointCounter = 0;
} // namespace

Transaction::Transaction(Connection& connection) : m_connection(connection)
{
    if (connection.inTransaction()) {
        m_savepoint = "lw_savepoint_" + std::to_string(++g_savepointCounter);
        connection.exec("SAVEPOINT " + m_savepoint);
    } else {
        connection.exec("BEGIN IMMEDIATE");
    }
}

Transaction::~Transaction()
{
    if (m_done)
        return;
    // Errors are ignored here: if the rollback fails, SQLite rolls back on close anyway.
    if (m_savepoint.empty()) {
        sqlite3_exec(m_connection.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    } else {
        std::string sql = "ROLLBACK TO " + m_savepoint + "; RELEASE " + m_savepoint;
        sqlite3_exec(m_connection.handle(), sql.c_str(), nullptr, nullptr, nullptr);
    }
}

void Transaction::commit()
{
    m_connection.exec(m_savepoint.empty() ? std::string("COMMIT") : "RELEASE " + m_savepoint);
    m_done = true;
}

} // namespace lw::store
