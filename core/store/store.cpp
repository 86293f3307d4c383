// Opening the store, and the project-wide rows (project info, meta).
#include "core/store/store.h"

#include "core/store/schema.h"
#include "core/store/sqlite_connection.h"
#include "core/util/error.h"

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <sqlite3.h>
#include <thread>
#include <unistd.h>

namespace lw::store {

namespace fs = std::filesystem;

double nowSeconds()
{
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
}

namespace {

constexpr int kBusyTimeoutMs = 10'000;

// SQLite's own message for these cases is "unable to open database file"; say which.
void checkFolder(const std::string& path, Store::OpenMode mode)
{
    fs::path file = fs::absolute(path);
    fs::path folder = file.parent_path();
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw Error(
            path + ": cannot open the store: the folder " + folder.string() + " does not exist");
    bool exists = fs::exists(file, ec);
    if (!exists && mode == Store::OpenMode::MustExist)
        throw Error(path + ": no store here (the file does not exist)");
    if (exists && fs::is_directory(file, ec))
        throw Error(path + ": cannot open the store: this is a folder, not a file");
    // WAL mode keeps two files next to the database (-wal, -shm) that every process,
    // readers included, must be able to create and write.
    if (::access(folder.c_str(), W_OK) != 0)
        throw Error::fromErrno(path,
            "cannot open the store: the folder " + folder.string() +
                " is not writable (the store keeps its journal next to it)",
            errno);
}

// Switching a new file to WAL needs an exclusive lock. When two processes create the
// same store at once, SQLite may answer SQLITE_BUSY at once without calling the busy
// handler (it refuses to wait where waiting could deadlock), so retry here until the
// same time-out the busy handler uses.
std::string switchToWal(Connection& db)
{
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    for (;;) {
        sqlite3_stmt* raw = nullptr;
        int rc = sqlite3_prepare_v2(db.handle(), "PRAGMA journal_mode = WAL", -1, &raw, nullptr);
        std::string mode;
        if (rc == SQLITE_OK) {
            rc = sqlite3_step(raw);
            if (rc == SQLITE_ROW) {
                const unsigned char* text = sqlite3_column_text(raw, 0);
                mode = text ? reinterpret_cast<const char*>(text) : "";
                rc = SQLITE_OK;
            }
        }
        sqlite3_finalize(raw);
        if (rc == SQLITE_OK)
            return mode;
        bool busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
        if (!busy || std::chrono::steady_clock::now() >= deadline)
            db.fail("PRAGMA journal_mode = WAL", rc);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void configure(Connection& db)
{
    // Waits (instead of failing at once) while another process holds the write lock or
    // recovers the journal after a crash.
    sqlite3_busy_timeout(db.handle(), kBusyTimeoutMs);
    // This is the first statement that reads the file: a file that is not a database
    // fails here, and the error names it.
    std::string mode = switchToWal(db);
    if (mode != "wal")
        throw Error(
            db.path() + ": cannot switch the store to WAL journal mode (got '" + mode + "')");
    // NORMAL: no fsync per commit in WAL mode; a commit still survives a killed process.
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
}

// A SQLite file written by another program must not be "migrated" into a store.
void refuseForeignDatabase(Connection& db)
{
    // One statement, so one snapshot: another process may be creating the same new
    // store right now, and mixing its before and after would look like a foreign file.
    Query q = db.query("SELECT (SELECT application_id FROM pragma_application_id()), "
                       "(SELECT count(*) FROM sqlite_schema), "
                       "(SELECT user_version FROM pragma_user_version())");
    q.next();
    int64_t applicationId = q.int64(0);
    bool empty = q.int64(1) == 0 && q.int64(2) == 0;
    if (applicationId == kStoreApplicationId)
        return;
    if (applicationId == 0 && empty)
        return; // a new, empty file: the first migration claims it
    throw Error(db.path() + ": this SQLite database belongs to another program (application id " +
        std::to_string(applicationId) + "), not an LLM Workbench store");
}

} // namespace

Store::Store(const std::string& databasePath, OpenMode mode) : m_path(databasePath)
{
    checkFolder(m_path, mode);
    m_connection = std::make_unique<Connection>(m_path,
        mode == OpenMode::MustExist ? Connection::OpenMode::MustExist
                                    : Connection::OpenMode::CreateIfMissing);
    configure(*m_connection);
    refuseForeignDatabase(*m_connection);
    migrate(*m_connection, storeMigrations());
}

Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

const std::string& Store::path() const
{
    return m_path;
}

std::string Store::projectDir() const
{
    return fs::absolute(m_path).parent_path().lexically_normal().string();
}

int Store::schemaVersion()
{
    return lw::store::schemaVersion(*m_connection);
}

Connection& Store::connection()
{
    return *m_connection;
}

std::string Store::absolutePath(const std::string& storedPath) const
{
    if (storedPath.empty())
        return storedPath;
    fs::path p(storedPath);
    if (p.is_absolute())
        return p.lexically_normal().string();
    return (fs::path(projectDir()) / p).lexically_normal().string();
}

std::string Store::storablePath(const std::string& path) const
{
    if (path.empty())
        return path;
    fs::path absolute = fs::absolute(path).lexically_normal();
    fs::path relative = absolute.lexically_relative(projectDir());
    if (relative.empty() || *relative.begin() == "..")
        return absolute.string();
    return relative.string();
}

std::string Store::integrityCheck()
{
    std::string result;
    Query q = m_connection->query("PRAGMA integrity_check");
    while (q.next())
        result += (result.empty() ? "" : "\n") + q.text(0);
    return result;
}

std::optional<ProjectInfo> Store::projectInfo()
{
    Query q = m_connection->query(
        "SELECT id, name, description, created_at FROM projects ORDER BY id LIMIT 1");
    if (!q.next())
        return std::nullopt;
    return ProjectInfo{q.int64(0), q.text(1), q.text(2), q.real(3)};
}

void Store::setProjectInfo(const std::string& name, const std::string& description)
{
    // One row per project file; its creation time is kept when the name changes.
    m_connection
        ->query("INSERT INTO projects(id, name, description, created_at) VALUES (1, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
                "description = excluded.description",
            name, description, nowSeconds())
        .run();
}

std::optional<std::string> Store::meta(const std::string& key)
{
    Query q = m_connection->query("SELECT value FROM meta WHERE key = ?", key);
    if (!q.next())
        return std::nullopt;
    return q.text(0);
}

void Store::setMeta(const std::string& key, const std::string& value)
{
    m_connection
        ->query("INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            key, value)
        .run();
}

} // namespace lw::store
