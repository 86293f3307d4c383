// The project's models that are not run checkpoints.
#include "core/store/json_column.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store.h"
#include "core/store/transaction.h"
#include "core/util/error.h"

namespace lw::store {

namespace {

const char* const kModelColumns = "SELECT id, name, kind, format, family, architecture, path, parameters, bytes, dtype, "
                                  "source_json, lineage_json, meta_json, created_at FROM models ";

ModelRecord readModel(const Query& q, const std::string& databasePath)
{
    ModelRecord m;
    m.id = q.int64(0);
    m.name = q.text(1);
    m.kind = q.text(2);
    m.format = q.text(3);
    m.family = q.text(4);
    m.architecture = q.text(5);
    m.path = q.text(6);
    m.parameters = q.int64(7);
    m.bytes = q.int64(8);
    m.dtype = q.text(9);
    m.source = detail::parseJsonColumn(q.text(10), databasePath, "model", m.id, "source_json");
    m.lineage = detail::parseJsonColumn(q.text(11), databasePath, "model", m.id, "lineage_json");
    m.meta = detail::parseJsonColumn(q.text(12), databasePath, "model", m.id, "meta_json");
    m.createdAt = q.real(13);
    return m;
}

} // namespace

int64_t Store::registerModel(const ModelRecord& m)
{
    if (m.name.empty())
        throw Error::inField("name", "a model needs a name");
    if (m.kind.empty() || m.format.empty() || m.path.empty())
        throw Error::inField("model", "a model needs a kind, a format and a path");
    Transaction transaction(*m_connection);
    if (modelByName(m.name))
        throw Error::inField("name", "a model named '" + m.name + "' already exists in " + m_path);
    m_connection
        ->query("INSERT INTO models(name, kind, format, family, architecture, path, parameters, bytes, dtype, "
                "source_json, lineage_json, meta_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                m.name, m.kind, m.format, m.family, m.architecture, m.path, m.parameters, m.bytes, m.dtype,
                m.source.dump(), m.lineage.dump(), m.meta.dump(), m.createdAt > 0 ? m.createdAt : nowSeconds())
        .run();
    const int64_t id = m_connection->lastInsertId();
    transaction.commit();
    return id;
}

std::optional<ModelRecord> Store::model(int64_t id)
{
    Query q = m_connection->query(std::string(kModelColumns) + "WHERE id = ?", id);
    if (!q.next())
        return std::nullopt;
    return readModel(q, m_path);
}

std::optional<ModelRecord> Store::modelByName(const std::string& name)
{
    Query q = m_connection->query(std::string(kModelColumns) + "WHERE name = ?", name);
    if (!q.next())
        return std::nullopt;
    return readModel(q, m_path);
}

std::vector<ModelRecord> Store::models()
{
    Query q = m_connection->query(std::string(kModelColumns) + "ORDER BY name");
    std::vector<ModelRecord> out;
    while (q.next())
        out.push_back(readModel(q, m_path));
    return out;
}

void Store::removeModel(int64_t id)
{
    m_connection->query("DELETE FROM models WHERE id = ?", id).run();
    if (m_connection->changes() == 0)
        throw Error(m_path + ": there is no model with id " + std::to_string(id));
}

} // namespace lw::store
