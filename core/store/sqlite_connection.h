#pragma once
// A thin RAII layer over the SQLite C API: a Connection owns one sqlite3* and a cache of
// prepared statements; a Query borrows one cached statement, binds it, steps it and
// resets it when it goes out of scope. Every failure becomes an lw::Error that names the
// database file and the SQL being run, so "database is locked" never arrives without
// saying where.
//
// A Connection belongs to one thread at a time (it is opened with SQLITE_OPEN_NOMUTEX).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace lw::store {

class Connection;

class Query {
public:
    Query(Connection& connection, sqlite3_stmt* statement, const std::string& sql, bool* inUse);
    ~Query(); // resets the statement and clears its bindings for the next user
    Query(Query&& other) noexcept;
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    Query& operator=(Query&&) = delete;

    // Binds a parameter (1-based). Integers, floating point, strings, std::nullopt and
    // std::optional of those are accepted; an empty optional binds NULL. Enums are not:
    // convert them to their stored form (text) first.
    template <class T> Query& bind(int index, const T& value)
    {
        using V = std::decay_t<T>;
        if constexpr (std::is_same_v<V, std::nullopt_t>) {
            bindNull(index);
        } else if constexpr (std::is_same_v<V, bool>) {
            bindInt64(index, value ? 1 : 0);
        } else if constexpr (std::is_integral_v<V>) {
            bindInt64(index, static_cast<int64_t>(value));
        } else if constexpr (std::is_floating_point_v<V>) {
            bindDouble(index, static_cast<double>(value));
        } else if constexpr (std::is_convertible_v<const V&, std::string_view>) {
            bindText(index, std::string_view(value));
        } else {
            // std::optional<X>
            if (value)
                bind(index, *value);
            else
                bindNull(index);
        }
        return *this;
    }

    template <class... Args> Query& bindAll(const Args&... args)
    {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    bool next(); // steps; true while a row is available
    void run();  // steps a statement that returns no rows (extra rows are ignored)
    // Makes the statement ready to run again (bindings are kept), for loops that
    // execute one statement many times without looking it up again.
    void reset();

    bool isNull(int column) const;
    int64_t int64(int column) const;
    double real(int column) const; // NULL reads as NaN (SQLite stores NaN as NULL)
    std::string text(int column) const;
    std::optional<int64_t> optionalInt64(int column) const;
    std::optional<double> optionalReal(int column) const;

private:
    void bindNull(int index);
    void bindInt64(int index, int64_t value);
    void bindDouble(int index, double value);
    void bindText(int index, std::string_view value);
    void check(int rc, const char* what) const;

    Connection* m_connection;
    sqlite3_stmt* m_statement;
    const std::string* m_sql;
    bool* m_inUse; // the cache entry's flag, cleared when this Query is done
};

class Connection {
public:
    enum class OpenMode { CreateIfMissing, MustExist };

    // Opens (or creates) the database file; the file itself is only read on first use.
    Connection(std::string path, OpenMode mode);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const std::string& path() const { return m_path; }
    sqlite3* handle() const { return m_db; }

    // Runs one or more statements that return no rows (schema scripts, PRAGMA writes).
    void exec(const std::string& sql);
    // The cached prepared statement for sql, ready to bind; one user at a time.
    Query query(const std::string& sql);
    template <class... Args> Query query(const std::string& sql, const Args&... args)
    {
        Query q = query(sql);
        q.bindAll(args...);
        return q;
    }
    // First column of the first row as an integer (for PRAGMAs and counts); NULL or no
    // row reads as 0.
    int64_t scalarInt64(const std::string& sql);
    std::string scalarText(const std::string& sql);

    int64_t lastInsertId() const;
    int64_t changes() const;
    bool inTransaction() const;

    // Throws lw::Error "<path>: <step>: <sqlite message>" for the result code rc.
    [[noreturn]] void fail(std::string_view step, int rc) const;

private:
    struct StatementDeleter {
        void operator()(sqlite3_stmt* statement) const;
    };
    struct CachedStatement {
        std::unique_ptr<sqlite3_stmt, StatementDeleter> statement;
        bool inUse = false;
    };

    std::string m_path;
    sqlite3* m_db = nullptr;
    std::unordered_map<std::string, CachedStatement> m_statements;
};

// The SQL shortened to one line for error messages.
std::string describeSql(std::string_view sql);

} // namespace lw::store
