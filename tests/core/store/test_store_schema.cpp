// Schema versions and the migration runner: fresh creation, reopening, refusing newer
// or foreign databases, and migrations applied once, in order, all or nothing.
#include "core/store/migrations.h"
#include "core/store/schema.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>
#include <thread>

using namespace lw::store;

namespace {

std::string schemaDump(Connection& db)
{
    std::string dump;
    Query q = db.query("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name");
    while (q.next())
        dump += q.text(0) + " " + q.text(1) + ": " + q.text(2) + "\n";
    return dump;
}

bool tableExists(Connection& db, const std::string& name)
{
    Query q = db.query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", name);
    return q.next();
}

bool columnExists(Connection& db, const std::string& table, const std::string& column)
{
    Query q = db.query("SELECT 1 FROM pragma_table_info(?) WHERE name = ?", table, column);
    return q.next();
}

// The store's migrations followed by `extra`, each one recording its version in `log`
// when it runs.
std::vector<Migration> withExtras(std::vector<Migration> extra, std::vector<int>* log)
{
    std::vector<Migration> list = storeMigrations();
    for (auto& m : extra)
        list.push_back(std::move(m));
    for (auto& m : list)
        m.apply = [log, version = m.version, apply = m.apply](Connection& db) {
            log->push_back(version);
            apply(db);
        };
    return list;
}

} // namespace

class TestStoreSchema : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void freshStoreHasLatestSchema();
    void reopenIsIdempotent();
    void newerStoreIsRefused();
    void foreignDatabaseIsRefused();
    void migrationsRunOnceInOrder();
    void failingMigrationLeavesPreviousVersion_data();
    void failingMigrationLeavesPreviousVersion();
    void malformedMigrationListIsRefused();
    void concurrentFirstOpensBothSucceed();
};

void TestStoreSchema::freshStoreHasLatestSchema()
{
    QTemporaryDir dir;
    Store store(dir.filePath("workbench.db").toStdString());
    QCOMPARE(store.schemaVersion(), latestSchemaVersion());
    QCOMPARE(latestSchemaVersion(), 4);
    Connection& db = store.connection();
    for (const char* table : {"meta", "projects", "tokenizers", "datasets", "runs", "metrics",
             "samples", "artifacts", "run_tags", "conversations", "conversation_messages"})
        QVERIFY2(tableExists(db, table), table);
    for (const char* index : {"runs_by_status", "runs_by_created", "runs_by_best_val_loss",
             "samples_by_run", "artifacts_by_run", "run_tags_by_tag", "conversations_by_updated"}) {
        Query q = db.query("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?", index);
        QVERIFY2(q.next(), index);
    }
    QVERIFY(db.scalarText("SELECT sql FROM sqlite_schema WHERE name = 'metrics'")
                .find("WITHOUT ROWID") != std::string::npos);
    QCOMPARE(db.scalarText("PRAGMA journal_mode"), std::string("wal"));
    QCOMPARE(db.scalarInt64("PRAGMA foreign_keys"), int64_t(1));
    QCOMPARE(db.scalarInt64("PRAGMA synchronous"), int64_t(1)); // NORMAL
    QCOMPARE(db.scalarInt64("PRAGMA application_id"), int64_t(kStoreApplicationId));
    QCOMPARE(db.scalarInt64("PRAGMA busy_timeout"), int64_t(10000));
}

void TestStoreSchema::reopenIsIdempotent()
{
    QTemporaryDir dir;
    std::string path = dir.filePath("workbench.db").toStdString();
    std::string before;
    int64_t runId = 0;
    {
        Store store(path);
        runId = store.createRun(NewRun{"first"});
        before = schemaDump(store.connection());
    }
    for (int i = 0; i < 3; ++i) {
        Store store(path, Store::OpenMode::MustExist);
        QCOMPARE(store.schemaVersion(), latestSchemaVersion());
        QCOMPARE(schemaDump(store.connection()), before);
        QCOMPARE(store.run(runId).name, std::string("first"));
        QCOMPARE(store.listRuns().size(), size_t(1));
    }
}

void TestStoreSchema::newerStoreIsRefused()
{
    QTemporaryDir dir;
    std::string path = dir.filePath("workbench.db").toStdString();
    {
        Store store(path);
        store.connection().exec("PRAGMA user_version = 70");
    }
    try {
        Store store(path);
        QFAIL("a store from a newer version was opened");
    } catch (const lw::Error& e) {
        QString msg = e.what();
        QVERIFY2(msg.startsWith(QString::fromStdString(path)), qPrintable(msg));
        QVERIFY2(msg.contains("schema version 70"), qPrintable(msg));
        QVERIFY2(msg.contains("newer"), qPrintable(msg));
        QVERIFY2(msg.contains(QStringLiteral("up to version %1").arg(latestSchemaVersion())), qPrintable(msg));
    }
    // Refusing did not touch it.
    Connection db(path, Connection::OpenMode::MustExist);
    QCOMPARE(schemaVersion(db), 70);
}

void TestStoreSchema::foreignDatabaseIsRefused()
{
    QTemporaryDir dir;
    std::string path = dir.filePath("workbench.db").toStdString();
    {
        Connection db(path, Connection::OpenMode::CreateIfMissing);
        db.exec("CREATE TABLE addresses(name TEXT, street TEXT)");
    }
    try {
        Store store(path);
        QFAIL("another program's database was opened as a store");
    } catch (const lw::Error& e) {
        QString msg = e.what();
        QVERIFY2(msg.startsWith(QString::fromStdString(path)), qPrintable(msg));
        QVERIFY2(msg.contains("another program"), qPrintable(msg));
    }
    Connection db(path, Connection::OpenMode::MustExist);
    QVERIFY(tableExists(db, "addresses"));
    QVERIFY(!tableExists(db, "runs"));
    QCOMPARE(schemaVersion(db), 0);
}

void TestStoreSchema::migrationsRunOnceInOrder()
{
    QTemporaryDir dir;
    std::string path = dir.filePath("workbench.db").toStdString();
    std::vector<int> log;
    Connection db(path, Connection::OpenMode::CreateIfMissing);

    // The extra steps come after the store's own, whatever their number.
    const int n = latestSchemaVersion();
    auto v2 = sqlMigration(n + 1, "add run colours", "ALTER TABLE runs ADD COLUMN colour TEXT");
    auto v3 = Migration{n + 2, "default colours", [](Connection& c) {
                            c.exec("UPDATE runs SET colour = 'blue'");
                            c.exec("CREATE TABLE palettes(name TEXT PRIMARY KEY)");
                        }};
    // Up to the first extra step first, as an older program would have left it.
    QCOMPARE(migrate(db, withExtras({v2}, &log)), n + 1);
    std::vector<int> all;
    for (int v = 1; v <= n + 1; ++v)
        all.push_back(v);
    QCOMPARE(log, all);
    db.exec("INSERT INTO runs(name, created_at, updated_at) VALUES ('r', 0, 0)");

    log.clear();
    QCOMPARE(migrate(db, withExtras({v2, v3}, &log)), n + 2);
    QCOMPARE(log, (std::vector<int>{n + 2})); // the earlier ones were not run again
    QCOMPARE(db.scalarText("SELECT colour FROM runs"), std::string("blue"));
    QVERIFY(tableExists(db, "palettes"));

    log.clear();
    QCOMPARE(migrate(db, withExtras({v2, v3}, &log)), n + 2);
    QVERIFY(log.empty());
    QCOMPARE(schemaVersion(db), n + 2);
}

void TestStoreSchema::failingMigrationLeavesPreviousVersion_data()
{
    QTest::addColumn<bool>("failInSql");
    QTest::newRow("SQL script fails halfway") << true;
    QTest::newRow("code throws after writing") << false;
}

void TestStoreSchema::failingMigrationLeavesPreviousVersion()
{
    QFETCH(bool, failInSql);
    QTemporaryDir dir;
    std::string path = dir.filePath("workbench.db").toStdString();
    std::vector<int> log;
    Connection db(path, Connection::OpenMode::CreateIfMissing);
    const int n = latestSchemaVersion();
    auto v2 = sqlMigration(n + 1, "add extra table", "CREATE TABLE extra_a(x)");
    QCOMPARE(migrate(db, withExtras({v2}, &log)), n + 1);
    db.exec("INSERT INTO runs(name, created_at, updated_at) VALUES ('kept', 0, 0)");
    const std::string before = schemaDump(db);

    Migration broken;
    if (failInSql) {
        broken = sqlMigration(n + 2, "broken script",
            "CREATE TABLE extra_b(y);"
            "ALTER TABLE runs ADD COLUMN colour TEXT;"
            "UPDATE runs SET name = 'changed';"
            "INSERT INTO no_such_table VALUES (1);"
            "CREATE TABLE never_reached(z);");
    } else {
        broken = Migration{n + 2, "broken code", [](Connection& c) {
                               c.exec("CREATE TABLE extra_b(y)");
                               c.exec("ALTER TABLE runs ADD COLUMN colour TEXT");
                               c.exec("UPDATE runs SET name = 'changed'");
                               throw lw::Error("converting old rows: value out of range");
                           }};
    }
    log.clear();
    try {
        migrate(db, withExtras({v2, broken}, &log));
        QFAIL("the broken migration succeeded");
    } catch (const lw::Error& e) {
        QString msg = e.what();
        QVERIFY2(msg.startsWith(QString::fromStdString(path)), qPrintable(msg));
        QVERIFY2(msg.contains(QStringLiteral("schema version %1").arg(n + 2)), qPrintable(msg));
        QVERIFY2(msg.contains(QStringLiteral("stays at version %1").arg(n + 1)), qPrintable(msg));
        QVERIFY2(msg.contains(failInSql ? "no_such_table" : "value out of range"), qPrintable(msg));
    }
    QCOMPARE(log, (std::vector<int>{n + 2}));
    QVERIFY(!db.inTransaction());
    QCOMPARE(schemaVersion(db), n + 1);
    QCOMPARE(schemaDump(db), before);
    QVERIFY(!tableExists(db, "extra_b"));
    QVERIFY(!columnExists(db, "runs", "colour"));
    QCOMPARE(db.scalarText("SELECT name FROM runs"), std::string("kept"));

    // A corrected migration then applies over the intact previous version.
    auto fixed = sqlMigration(n + 2, "fixed", "CREATE TABLE extra_b(y)");
    QCOMPARE(migrate(db, withExtras({v2, fixed}, &log)), n + 2);
    QVERIFY(tableExists(db, "extra_b"));
}

void TestStoreSchema::malformedMigrationListIsRefused()
{
    QTemporaryDir dir;
    Connection db(
        dir.filePath("workbench.db").toStdString(), Connection::OpenMode::CreateIfMissing);
    std::vector<Migration> gap = storeMigrations();
    gap.push_back(sqlMigration(latestSchemaVersion() + 2, "skips one", "CREATE TABLE t(x)"));
    QVERIFY_THROWS_EXCEPTION(lw::Error, migrate(db, gap));
    QCOMPARE(schemaVersion(db), 0); // checked before anything ran
    QVERIFY(!tableExists(db, "runs"));
}

void TestStoreSchema::concurrentFirstOpensBothSucceed()
{
    // Two processes (here: threads, one Store each) creating the same new store at once:
    // the second must see the first's migration instead of applying it again.
    for (int round = 0; round < 5; ++round) {
        QTemporaryDir dir;
        std::string path = dir.filePath("workbench.db").toStdString();
        std::string errors[2];
        auto open = [&](int i) {
            try {
                Store store(path);
                store.createRun(NewRun{"from thread " + std::to_string(i)});
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        };
        std::thread a(open, 0), b(open, 1);
        a.join();
        b.join();
        QVERIFY2(errors[0].empty(), errors[0].c_str());
        QVERIFY2(errors[1].empty(), errors[1].c_str());
        Store store(path);
        QCOMPARE(store.schemaVersion(), latestSchemaVersion());
        QCOMPARE(store.listRuns().size(), size_t(2));
    }
}

LW_TEST_GUILESS_MAIN(TestStoreSchema)
#include "test_store_schema.moc"
