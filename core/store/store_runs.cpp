// Runs: create, read, list, update, status, tags, delete.
#include "core/store/store.h"

#include "core/store/sqlite_connection.h"
#include "core/store/json_column.h"
#include "core/store/transaction.h"
#include "core/util/error.h"
#include "core/util/paths.h"

#include <algorithm>
#include <unistd.h>

namespace lw::store {

namespace {

// Tags come back in the same row as a JSON array, so listing N runs is one query.
const char* const kRunColumns = R"sql(
SELECT r.id, r.name, r.kind, r.status, r.config_json, r.dataset_id, r.tokenizer_id,
       r.parent_run_id, r.run_dir, r.host, r.pid, r.created_at, r.started_at, r.ended_at,
       r.updated_at, r.step, r.max_steps, r.best_val_loss, r.best_step, r.error_message,
       r.notes, (SELECT json_group_array(tag) FROM run_tags WHERE run_id = r.id)
FROM runs r
)sql";

RunRecord readRun(const Query& q, const std::string& databasePath)
{
    RunRecord run;
    run.id = q.int64(0);
    run.name = q.text(1);
    run.kind = q.text(2);
    run.status = parseRunStatus(q.text(3));
    run.config = detail::parseJsonColumn(q.text(4), databasePath, "run", run.id, "config_json");
    run.datasetId = q.optionalInt64(5);
    run.tokenizerId = q.optionalInt64(6);
    run.parentRunId = q.optionalInt64(7);
    run.runDir = q.text(8);
    run.host = q.text(9);
    run.pid = q.optionalInt64(10);
    run.createdAt = q.real(11);
    run.startedAt = q.optionalReal(12);
    run.endedAt = q.optionalReal(13);
    run.updatedAt = q.real(14);
    run.step = q.int64(15);
    run.maxSteps = q.int64(16);
    run.bestValLoss = q.optionalReal(17);
    run.bestStep = q.optionalInt64(18);
    run.errorMessage = q.text(19);
    run.notes = q.text(20);
    Json tags = detail::parseJsonColumn(q.text(21), databasePath, "run", run.id, "tags");
    for (const auto& tag : tags)
        run.tags.push_back(tag.get<std::string>());
    std::sort(run.tags.begin(), run.tags.end());
    return run;
}

std::string escapeLike(const std::string& text)
{
    std::string escaped;
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            escaped.push_back('\\');
        escaped.push_back(c);
    }
    return escaped;
}

void requireName(const std::string& name, const char* what)
{
    if (name.empty())
        throw Error::inField("name", std::string(what) + " needs a name");
}

} // namespace

void Store::requireRunChanged(int64_t id, const char* what)
{
    if (m_connection->changes() == 0)
        throw Error(m_path + ": " + what + ": there is no run with id " + std::to_string(id));
}

int64_t Store::createRun(const NewRun& newRun)
{
    requireName(newRun.name, "a run");
    Transaction transaction(*m_connection);
    double now = nowSeconds();
    m_connection
        ->query("INSERT INTO runs(name, kind, status, config_json, dataset_id, tokenizer_id, "
                "parent_run_id, run_dir, max_steps, notes, created_at, updated_at) "
                "VALUES (?, ?, 'created', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            newRun.name, newRun.kind, newRun.config.dump(), newRun.datasetId, newRun.tokenizerId,
            newRun.parentRunId, newRun.runDir, newRun.maxSteps, newRun.notes, now, now)
        .run();
    int64_t id = m_connection->lastInsertId();
    for (const auto& tag : newRun.tags)
        addTag(id, tag);
    transaction.commit();
    return id;
}

std::optional<RunRecord> Store::findRun(int64_t id)
{
    Query q = m_connection->query(std::string(kRunColumns) + "WHERE r.id = ?", id);
    if (!q.next())
        return std::nullopt;
    return readRun(q, m_path);
}

RunRecord Store::run(int64_t id)
{
    if (auto found = findRun(id))
        return *found;
    throw Error(m_path + ": there is no run with id " + std::to_string(id));
}

std::vector<RunRecord> Store::listRuns(const RunQuery& query)
{
    // One statement text per sort order, whatever the filters, so that the statement
    // cache holds at most four of them: unused filters are bound to NULL or ''.
    std::string order;
    if (query.sortBy == RunSort::BestValLoss)
        order = query.descending ? "r.best_val_loss IS NULL, r.best_val_loss DESC, r.id DESC"
                                 : "r.best_val_loss IS NULL, r.best_val_loss ASC, r.id ASC";
    else
        order = query.descending ? "r.created_at DESC, r.id DESC" : "r.created_at ASC, r.id ASC";
    const char* const filters =
        "WHERE (?1 IS NULL OR r.status IN (SELECT value FROM json_each(?1))) "
        "AND (?2 IS NULL OR EXISTS (SELECT 1 FROM run_tags t "
        "WHERE t.run_id = r.id AND t.tag = ?2)) "
        "AND (?3 = '' OR r.name LIKE '%' || ?3 || '%' ESCAPE '\\') ";
    std::string sql = kRunColumns + (filters + ("ORDER BY " + order)) + " LIMIT ?4 OFFSET ?5";

    std::optional<std::string> statuses;
    if (!query.statuses.empty()) {
        Json list = Json::array();
        for (RunStatus status : query.statuses)
            list.push_back(std::string(runStatusToString(status)));
        statuses = list.dump();
    }
    Query q = m_connection->query(
        sql, statuses, query.tag, escapeLike(query.nameContains), query.limit, query.offset);
    std::vector<RunRecord> runs;
    while (q.next())
        runs.push_back(readRun(q, m_path));
    return runs;
}

void Store::updateRun(const RunRecord& run)
{
    requireName(run.name, "a run");
    m_connection
        ->query("UPDATE runs SET name = ?2, kind = ?3, config_json = ?4, dataset_id = ?5, "
                "tokenizer_id = ?6, parent_run_id = ?7, run_dir = ?8, max_steps = ?9, "
                "notes = ?10 WHERE id = ?1",
            run.id, run.name, run.kind, run.config.dump(), run.datasetId, run.tokenizerId,
            run.parentRunId, run.runDir, run.maxSteps, run.notes)
        .run();
    requireRunChanged(run.id, "updating a run");
}

void Store::renameRun(int64_t id, const std::string& name)
{
    requireName(name, "a run");
    m_connection->query("UPDATE runs SET name = ? WHERE id = ?", name, id).run();
    requireRunChanged(id, "renaming a run");
}

void Store::setRunNotes(int64_t id, const std::string& notes)
{
    m_connection->query("UPDATE runs SET notes = ? WHERE id = ?", notes, id).run();
    requireRunChanged(id, "setting a run's notes");
}

void Store::markRunning(int64_t id)
{
    double now = nowSeconds();
    m_connection
        ->query("UPDATE runs SET status = 'running', pid = ?2, host = ?3, "
                "started_at = COALESCE(started_at, ?4), ended_at = NULL, error_message = '', "
                "updated_at = ?4 WHERE id = ?1",
            id, static_cast<int64_t>(::getpid()), util::hostName(), now)
        .run();
    requireRunChanged(id, "marking a run as running");
}

void Store::setRunStatus(int64_t id, RunStatus status, const std::string& errorMessage)
{
    m_connection
        ->query("UPDATE runs SET status = ?2, error_message = ?3, updated_at = ?4, "
                "ended_at = CASE WHEN ?5 THEN ?4 ELSE NULL END, "
                "started_at = CASE WHEN ?2 = 'running' THEN COALESCE(started_at, ?4) "
                "ELSE started_at END WHERE id = ?1",
            id, runStatusToString(status), errorMessage, nowSeconds(), isFinished(status))
        .run();
    requireRunChanged(id, "setting a run's status");
}

void Store::heartbeat(int64_t id, int64_t step)
{
    m_connection
        ->query("UPDATE runs SET updated_at = ?, step = ? WHERE id = ?", nowSeconds(), step, id)
        .run();
    requireRunChanged(id, "recording a heartbeat");
}

DeletedRun Store::deleteRun(int64_t id)
{
    Transaction transaction(*m_connection);
    DeletedRun deleted;
    {
        Query q = m_connection->query("SELECT run_dir FROM runs WHERE id = ?", id);
        if (!q.next())
            throw Error(m_path + ": deleting a run: there is no run with id " + std::to_string(id));
        deleted.runDir = absolutePath(q.text(0));
    }
    {
        Query q =
            m_connection->query("SELECT path FROM artifacts WHERE run_id = ? ORDER BY id", id);
        while (q.next())
            deleted.artifactPaths.push_back(absolutePath(q.text(0)));
    }
    // Metrics, samples, artifacts and tags go with it (ON DELETE CASCADE).
    m_connection->query("DELETE FROM runs WHERE id = ?", id).run();
    transaction.commit();
    return deleted;
}

void Store::addTag(int64_t runId, const std::string& tag)
{
    if (tag.empty())
        throw Error::inField("tag", "a tag cannot be empty");
    Transaction transaction(*m_connection);
    m_connection
        ->query("INSERT OR IGNORE INTO run_tags(run_id, tag) SELECT id, ? FROM runs "
                "WHERE id = ?",
            tag, runId)
        .run();
    if (m_connection->changes() == 0 && !findRun(runId))
        throw Error(m_path + ": tagging a run: there is no run with id " + std::to_string(runId));
    transaction.commit();
}

void Store::removeTag(int64_t runId, const std::string& tag)
{
    m_connection->query("DELETE FROM run_tags WHERE run_id = ? AND tag = ?", runId, tag).run();
}

std::vector<std::string> Store::tags(int64_t runId)
{
    std::vector<std::string> result;
    Query q = m_connection->query("SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag", runId);
    while (q.next())
        result.push_back(q.text(0));
    return result;
}

std::vector<std::string> Store::allTags()
{
    std::vector<std::string> result;
    Query q = m_connection->query("SELECT DISTINCT tag FROM run_tags ORDER BY tag");
    while (q.next())
        result.push_back(q.text(0));
    return result;
}

} // namespace lw::store
