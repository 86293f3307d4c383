#include "core/store/sqlite_connection.h"

#include "core/util/error.h"

#include <cmath>
#include <limits>
#include <sqlite3.h>
#include <stdexcept>

namespace lw::store {

std::string describeSql(std::string_view sql)
{
    std::string oneLine;
    bool lastWasSpace = true;
    for (char c : sql) {
        bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (space && lastWasSpace)
            continue;
        oneLine.push_back(space ? ' ' : c);
        lastWasSpace = space;
    }
    while (!oneLine.empty() && oneLine.back() == ' ')
        oneLine.pop_back();
    constexpr size_t kMaxLength = 80;
    if (oneLine.size() > kMaxLength)
        oneLine = oneLine.substr(0, kMaxLength) + "...";
    return oneLine;
}

// ---------------------------------------------------------------------------- Query

Query::Query(Connection& connection, sqlite3_stmt* statement, const std::string& sql, bool* inUse) :
    m_connection(&connection), m_statement(statement), m_sql(&sql), m_inUse(inUse)
{
}

Query::Query(Query&& other) noexcept :
    m_connection(other.m_connection), m_statement(other.m_statement), m_sql(other.m_sql),
    m_inUse(other.m_inUse)
{
    other.m_statement = nullptr;
    other.m_inUse = nullptr;
}

Query::~Query()
{
    if (!m_statement)
        return;
    // reset() repeats the last step's error code; it was already reported by next().
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    if (m_inUse)
        *m_inUse = false;
}

void Query::check(int rc, const char* what) const
{
    if (rc != SQLITE_OK)
        m_connection->fail(std::string(what) + " for " + describeSql(*m_sql), rc);
}

void Query::bindNull(int index)
{
    check(sqlite3_bind_null(m_statement, index), "binding a parameter");
}

void Query::bindInt64(int index, int64_t value)
{
    check(sqlite3_bind_int64(m_statement, index, value), "binding a parameter");
}

void Query::bindDouble(int index, double value)
{
    check(sqlite3_bind_double(m_statement, index, value), "binding a parameter");
}

void Query::bindText(int index, std::string_view value)
{
    check(sqlite3_bind_text64(
              m_statement, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
        "binding a parameter");
}

bool Query::next()
{
    int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    m_connection->fail(describeSql(*m_sql), rc);
}

void Query::run()
{
    while (next()) { }
}

void Query::reset()
{
    // Errors were reported by the step that caused them.
    sqlite3_reset(m_statement);
}

bool Query::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

int64_t Query::int64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

double Query::real(int column) const
{
    if (isNull(column))
        return std::numeric_limits<double>::quiet_NaN();
    return sqlite3_column_double(m_statement, column);
}

std::string Query::text(int column) const
{
    const auto* bytes = sqlite3_column_text(m_statement, column);
    int size = sqlite3_column_bytes(m_statement, column);
    return bytes ? std::string(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size))
                 : std::string();
}

std::optional<int64_t> Query::optionalInt64(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return int64(column);
}

std::optional<double> Query::optionalReal(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return sqlite3_column_double(m_statement, column);
}

// ----------------------------------------------------------------------- Connection

void Connection::StatementDeleter::operator()(sqlite3_stmt* statement) const
{
    sqlite3_finalize(statement);
}

Connection::Connection(std::string path, OpenMode mode) : m_path(std::move(path))
{
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (mode == OpenMode::CreateIfMissing)
        flags |= SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(m_path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string reason = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        if (mode == OpenMode::MustExist && (rc & 0xff) == SQLITE_CANTOPEN)
            reason = "no store here (" + reason + ")";
        throw Error(m_path + ": cannot open: " + reason);
    }
    sqlite3_extended_result_codes(m_db, 1);
}

Connection::~Connection()
{
    // Statements must be finalized before the connection closes.
    m_statements.clear();
    if (m_db)
        sqlite3_close_v2(m_db);
}

void Connection::fail(std::string_view step, int rc) const
{
    std::string reason = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
        reason += " (this file is not an LLM Workbench store)";
        break;
    case SQLITE_CORRUPT:
        reason += " (the store is damaged; restore it from a backup)";
        break;
    case SQLITE_BUSY:
        reason += " (another process kept the store busy for longer than the time-out)";
        break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
        reason += " (check that the folder and the file are writable)";
        break;
    case SQLITE_FULL:
        reason += " (the disk is full)";
        break;
    default:
        break;
    }
    throw Error(m_path + ": " + std::string(step) + ": " + reason);
}

void Connection::exec(const std::string& sql)
{
    char* message = nullptr;
    int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message);
    if (message)
        sqlite3_free(message);
    if (rc != SQLITE_OK)
        fail(describeSql(sql), rc);
}

Query Connection::query(const std::string& sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        sqlite3_stmt* statement = nullptr;
        int rc = sqlite3_prepare_v3(m_db, sql.c_str(), static_cast<int>(sql.size()),
            SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
        if (rc != SQLITE_OK)
            fail(describeSql(sql), rc);
        it = m_statements.emplace(sql, CachedStatement{}).first;
        it->second.statement.reset(statement);
    }
    if (it->second.inUse) // a programming error: the same SQL nested in itself
        throw std::logic_error("statement already in use: " + describeSql(sql));
    it->second.inUse = true;
    return Query(*this, it->second.statement.get(), it->first, &it->second.inUse);
}

int64_t Connection::scalarInt64(const std::string& sql)
{
    Query q = query(sql);
    return q.next() ? q.int64(0) : 0;
}

std::string Connection::scalarText(const std::string& sql)
{
    Query q = query(sql);
    return q.next() ? q.text(0) : std::string();
}

int64_t Connection::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int64_t Connection::changes() const
{
    return sqlite3_changes64(m_db);
}

bool Connection::inTransaction() const
{
    return sqlite3_get_autocommit(m_db) == 0;
}

} // namespace lw::store
