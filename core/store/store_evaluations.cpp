// Evaluations of models on tasks, with their per-example results.
#include "core/store/json_column.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store.h"
#include "core/store/transaction.h"
#include "core/util/error.h"

namespace lw::store {

namespace {

const char* const kEvaluationColumns =
    "SELECT id, task, model, model_json, run_id, step, dataset, dataset_json, settings_json, summary_json, "
    "tool_version, duration_s, created_at FROM evaluations ";

EvaluationRecord readEvaluation(const Query& q, const std::string& databasePath)
{
    EvaluationRecord e;
    e.id = q.int64(0);
    e.task = q.text(1);
    e.model = q.text(2);
    e.modelInfo = detail::parseJsonColumn(q.text(3), databasePath, "evaluation", e.id, "model_json");
    e.runId = q.optionalInt64(4);
    e.step = q.optionalInt64(5);
    e.dataset = q.text(6);
    e.datasetInfo = detail::parseJsonColumn(q.text(7), databasePath, "evaluation", e.id, "dataset_json");
    e.settings = detail::parseJsonColumn(q.text(8), databasePath, "evaluation", e.id, "settings_json");
    e.summary = detail::parseJsonColumn(q.text(9), databasePath, "evaluation", e.id, "summary_json");
    e.toolVersion = q.text(10);
    e.durationSeconds = q.real(11);
    e.createdAt = q.real(12);
    return e;
}

} // namespace

int64_t Store::addEvaluation(const EvaluationRecord& e, const std::vector<Json>& examples)
{
    if (e.task.empty())
        throw Error::inField("task", "an evaluation needs a task");
    if (e.model.empty())
        throw Error::inField("model", "an evaluation needs the model it evaluated");
    Transaction transaction(*m_connection);
    m_connection
        ->query("INSERT INTO evaluations(task, model, model_json, run_id, step, dataset, dataset_json, settings_json, "
                "summary_json, tool_version, duration_s, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.task, e.model, e.modelInfo.dump(), e.runId, e.step, e.dataset, e.datasetInfo.dump(),
                e.settings.dump(), e.summary.dump(), e.toolVersion, e.durationSeconds,
                e.createdAt > 0 ? e.createdAt : nowSeconds())
        .run();
    const int64_t id = m_connection->lastInsertId();
    Query insert = m_connection->query(
        "INSERT INTO evaluation_examples(evaluation_id, position, result_json) VALUES (?, ?, ?)");
    for (size_t i = 0; i < examples.size(); ++i) {
        insert.bindAll(id, static_cast<int64_t>(i), examples[i].dump());
        insert.run();
        insert.reset();
    }
    transaction.commit();
    return id;
}

std::optional<EvaluationRecord> Store::evaluation(int64_t id)
{
    Query q = m_connection->query(std::string(kEvaluationColumns) + "WHERE id = ?", id);
    if (!q.next())
        return std::nullopt;
    return readEvaluation(q, m_path);
}

std::vector<EvaluationRecord> Store::listEvaluations(const EvaluationQuery& query)
{
    std::string sql = std::string(kEvaluationColumns) +
                      "WHERE (?1 = '' OR task = ?1) AND (?2 = '' OR model = ?2) AND (?3 IS NULL OR run_id = ?3) ";
    sql += query.runId ? "ORDER BY step, id " : "ORDER BY created_at DESC, id DESC ";
    sql += "LIMIT ?4";
    Query q = m_connection->query(sql, query.task, query.model, query.runId, query.limit);
    std::vector<EvaluationRecord> out;
    while (q.next())
        out.push_back(readEvaluation(q, m_path));
    return out;
}

std::vector<Json> Store::evaluationExamples(int64_t id)
{
    Query q = m_connection->query(
        "SELECT position, result_json FROM evaluation_examples WHERE evaluation_id = ? ORDER BY position", id);
    std::vector<Json> out;
    while (q.next())
        out.push_back(detail::parseJsonColumn(q.text(1), m_path, "evaluation example", q.int64(0), "result_json"));
    return out;
}

int64_t Store::evaluationExampleCount(int64_t id)
{
    Query q = m_connection->query("SELECT COUNT(*) FROM evaluation_examples WHERE evaluation_id = ?", id);
    q.next();
    return q.int64(0);
}

void Store::deleteEvaluation(int64_t id)
{
    m_connection->query("DELETE FROM evaluations WHERE id = ?", id).run();
    if (m_connection->changes() == 0)
        throw Error(m_path + ": there is no evaluation with id " + std::to_string(id));
}

} // namespace lw::store
