// Artifacts: checkpoints, best and final weights, exports.
#include "core/store/store.h"

#include "core/store/sqlite_connection.h"
#include "core/store/json_column.h"
#include "core/util/error.h"

namespace lw::store {

namespace {

const char* const kArtifactColumns =
    "SELECT id, run_id, kind, path, step, size_bytes, sha256, created_at, meta_json "
    "FROM artifacts ";

Artifact readArtifact(const Query& q, const std::string& databasePath)
{
    Artifact a;
    a.id = q.int64(0);
    a.runId = q.int64(1);
    a.kind = q.text(2);
    a.path = q.text(3);
    a.step = q.optionalInt64(4);
    a.sizeBytes = q.int64(5);
    a.sha256 = q.text(6);
    a.createdAt = q.real(7);
    a.meta = detail::parseJsonColumn(q.text(8), databasePath, "artifact", a.id, "meta_json");
    return a;
}

} // namespace

int64_t Store::addArtifact(const Artifact& artifact)
{
    if (artifact.kind.empty() || artifact.path.empty())
        throw Error::inField("artifact", "an artifact needs a kind and a path");
    if (!findRun(artifact.runId))
        throw Error(m_path + ": adding an artifact: there is no run with id " +
            std::to_string(artifact.runId));
    m_connection
        ->query("INSERT INTO artifacts(run_id, kind, path, step, size_bytes, sha256, created_at, "
                "meta_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            artifact.runId, artifact.kind, artifact.path, artifact.step, artifact.sizeBytes,
            artifact.sha256, artifact.createdAt > 0 ? artifact.createdAt : nowSeconds(),
            artifact.meta.dump())
        .run();
    return m_connection->lastInsertId();
}

std::vector<Artifact> Store::artifacts(int64_t runId, const std::string& kind)
{
    Query q = m_connection->query(std::string(kArtifactColumns) +
            "WHERE run_id = ?1 AND (?2 = '' OR kind = ?2) "
            "ORDER BY step IS NULL, step, id",
        runId, kind);
    std::vector<Artifact> result;
    while (q.next())
        result.push_back(readArtifact(q, m_path));
    return result;
}

std::optional<Artifact> Store::artifact(int64_t id)
{
    Query q = m_connection->query(std::string(kArtifactColumns) + "WHERE id = ?", id);
    if (!q.next())
        return std::nullopt;
    return readArtifact(q, m_path);
}

std::optional<std::string> Store::removeArtifact(int64_t id)
{
    std::string path;
    {
        Query q = m_connection->query("DELETE FROM artifacts WHERE id = ? RETURNING path", id);
        if (!q.next())
            return std::nullopt;
        path = q.text(0);
    }
    return absolutePath(path);
}

std::optional<Artifact> Store::latestCheckpoint(int64_t runId)
{
    Query q = m_connection->query(std::string(kArtifactColumns) +
            "WHERE run_id = ? AND kind IN ('checkpoint', 'best', 'final') "
            "ORDER BY step IS NULL, step DESC, created_at DESC, id DESC "
            "LIMIT 1",
        runId);
    if (!q.next())
        return std::nullopt;
    return readArtifact(q, m_path);
}

} // namespace lw::store
