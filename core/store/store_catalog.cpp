// The project's catalogue of tokenizers and datasets.
#include "core/store/store.h"

#include "core/store/sqlite_connection.h"
#include "core/store/json_column.h"
#include "core/store/transaction.h"
#include "core/util/error.h"

namespace lw::store {

namespace {

const char* const kTokenizerColumns =
    "SELECT id, name, kind, vocab_size, path, created_at, meta_json FROM tokenizers ";

TokenizerRecord readTokenizer(const Query& q, const std::string& databasePath)
{
    TokenizerRecord t;
    t.id = q.int64(0);
    t.name = q.text(1);
    t.kind = q.text(2);
    t.vocabSize = q.int64(3);
    t.path = q.text(4);
    t.createdAt = q.real(5);
    t.meta = detail::parseJsonColumn(q.text(6), databasePath, "tokenizer", t.id, "meta_json");
    return t;
}

const char* const kDatasetColumns =
    "SELECT id, name, kind, tokenizer_id, path, source_files_json, train_tokens, val_tokens, "
    "created_at, meta_json FROM datasets ";

DatasetRecord readDataset(const Query& q, const std::string& databasePath)
{
    DatasetRecord d;
    d.id = q.int64(0);
    d.name = q.text(1);
    d.kind = q.text(2);
    d.tokenizerId = q.optionalInt64(3);
    d.path = q.text(4);
    d.sourceFiles =
        detail::parseJsonColumn(q.text(5), databasePath, "dataset", d.id, "source_files_json");
    d.trainTokens = q.int64(6);
    d.valTokens = q.int64(7);
    d.createdAt = q.real(8);
    d.meta = detail::parseJsonColumn(q.text(9), databasePath, "dataset", d.id, "meta_json");
    return d;
}

void requireNameAndKind(const std::string& name, const std::string& kind, const char* what)
{
    if (name.empty())
        throw Error::inField("name", std::string("a ") + what + " needs a name");
    if (kind.empty())
        throw Error::inField("kind", std::string("a ") + what + " needs a kind");
}

} // namespace

// ------------------------------------------------------------------------ tokenizers

int64_t Store::registerTokenizer(const TokenizerRecord& t)
{
    requireNameAndKind(t.name, t.kind, "tokenizer");
    // Checked under the write lock so that the message can name the clash; the UNIQUE
    // constraint would only say "constraint failed".
    Transaction transaction(*m_connection);
    if (tokenizerByName(t.name))
        throw Error::inField(
            "name", "a tokenizer named '" + t.name + "' already exists in " + m_path);
    m_connection
        ->query("INSERT INTO tokenizers(name, kind, vocab_size, path, created_at, meta_json) "
                "VALUES (?, ?, ?, ?, ?, ?)",
            t.name, t.kind, t.vocabSize, t.path, t.createdAt > 0 ? t.createdAt : nowSeconds(),
            t.meta.dump())
        .run();
    int64_t id = m_connection->lastInsertId();
    transaction.commit();
    return id;
}

void Store::updateTokenizer(const TokenizerRecord& t)
{
    requireNameAndKind(t.name, t.kind, "tokenizer");
    Transaction transaction(*m_connection);
    if (auto other = tokenizerByName(t.name); other && other->id != t.id)
        throw Error::inField(
            "name", "a tokenizer named '" + t.name + "' already exists in " + m_path);
    m_connection
        ->query("UPDATE tokenizers SET name = ?2, kind = ?3, vocab_size = ?4, path = ?5, "
                "meta_json = ?6 WHERE id = ?1",
            t.id, t.name, t.kind, t.vocabSize, t.path, t.meta.dump())
        .run();
    if (m_connection->changes() == 0)
        throw Error(m_path + ": there is no tokenizer with id " + std::to_string(t.id));
    transaction.commit();
}

std::optional<TokenizerRecord> Store::tokenizer(int64_t id)
{
    Query q = m_connection->query(std::string(kTokenizerColumns) + "WHERE id = ?", id);
    if (!q.next())
        return std::nullopt;
    return readTokenizer(q, m_path);
}

std::optional<TokenizerRecord> Store::tokenizerByName(const std::string& name)
{
    Query q = m_connection->query(std::string(kTokenizerColumns) + "WHERE name = ?", name);
    if (!q.next())
        return std::nullopt;
    return readTokenizer(q, m_path);
}

std::vector<TokenizerRecord> Store::tokenizers()
{
    Query q = m_connection->query(std::string(kTokenizerColumns) + "ORDER BY name");
    std::vector<TokenizerRecord> result;
    while (q.next())
        result.push_back(readTokenizer(q, m_path));
    return result;
}

void Store::removeTokenizer(int64_t id)
{
    m_connection->query("DELETE FROM tokenizers WHERE id = ?", id).run();
}

// -------------------------------------------------------------------------- datasets

int64_t Store::registerDataset(const DatasetRecord& d)
{
    requireNameAndKind(d.name, d.kind, "dataset");
    Transaction transaction(*m_connection);
    if (datasetByName(d.name))
        throw Error::inField(
            "name", "a dataset named '" + d.name + "' already exists in " + m_path);
    m_connection
        ->query("INSERT INTO datasets(name, kind, tokenizer_id, path, source_files_json, "
                "train_tokens, val_tokens, created_at, meta_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            d.name, d.kind, d.tokenizerId, d.path, d.sourceFiles.dump(), d.trainTokens, d.valTokens,
            d.createdAt > 0 ? d.createdAt : nowSeconds(), d.meta.dump())
        .run();
    int64_t id = m_connection->lastInsertId();
    transaction.commit();
    return id;
}

void Store::updateDataset(const DatasetRecord& d)
{
    requireNameAndKind(d.name, d.kind, "dataset");
    Transaction transaction(*m_connection);
    if (auto other = datasetByName(d.name); other && other->id != d.id)
        throw Error::inField(
            "name", "a dataset named '" + d.name + "' already exists in " + m_path);
    m_connection
        ->query("UPDATE datasets SET name = ?2, kind = ?3, tokenizer_id = ?4, path = ?5, "
                "source_files_json = ?6, train_tokens = ?7, val_tokens = ?8, meta_json = ?9 "
                "WHERE id = ?1",
            d.id, d.name, d.kind, d.tokenizerId, d.path, d.sourceFiles.dump(), d.trainTokens,
            d.valTokens, d.meta.dump())
        .run();
    if (m_connection->changes() == 0)
        throw Error(m_path + ": there is no dataset with id " + std::to_string(d.id));
    transaction.commit();
}

std::optional<DatasetRecord> Store::dataset(int64_t id)
{
    Query q = m_connection->query(std::string(kDatasetColumns) + "WHERE id = ?", id);
    if (!q.next())
        return std::nullopt;
    return readDataset(q, m_path);
}

std::optional<DatasetRecord> Store::datasetByName(const std::string& name)
{
    Query q = m_connection->query(std::string(kDatasetColumns) + "WHERE name = ?", name);
    if (!q.next())
        return std::nullopt;
    return readDataset(q, m_path);
}

std::vector<DatasetRecord> Store::datasets()
{
    Query q = m_connection->query(std::string(kDatasetColumns) + "ORDER BY name");
    std::vector<DatasetRecord> result;
    while (q.next())
        result.push_back(readDataset(q, m_path));
    return result;
}

void Store::removeDataset(int64_t id)
{
    m_connection->query("DELETE FROM datasets WHERE id = ?", id).run();
}

} // namespace lw::store
