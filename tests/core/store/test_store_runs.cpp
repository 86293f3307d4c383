// Runs: create, read, update, status and times, heartbeat, tags and notes, listing
// with filters and sorts, and deletion with everything that hangs off a run.
#include "core/store/records.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store.h"
#include "core/util/error.h"
#include "core/util/paths.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>
#include <unistd.h>

using namespace lw::store;

Q_DECLARE_METATYPE(lw::store::RunQuery)

class TestStoreRuns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void createdRunReadsBack();
    void updateWritesDescriptiveFields();
    void unknownRunIsAnError();
    void statusStringsRoundTrip_data();
    void statusStringsRoundTrip();
    void statusChangesSetTimes();
    void heartbeatRecordsStep();
    void tagsAndNotes();
    void listFiltersAndSorts_data();
    void listFiltersAndSorts();
    void deleteRemovesEverythingOfTheRun();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
};

void TestStoreRuns::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<Store>(m_dir->filePath("workbench.db").toStdString());
}

void TestStoreRuns::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestStoreRuns::createdRunReadsBack()
{
    int64_t tokenizer = m_store->registerTokenizer({0, "bpe-8k", "bpe", 8000, "tokenizers/bpe-8k"});
    DatasetRecord data;
    data.name = "shakespeare";
    data.kind = "text";
    int64_t dataset = m_store->registerDataset(data);
    int64_t parent = m_store->createRun(NewRun("parent"));

    NewRun run("tiny gpt");
    run.config = {{"model", {{"n_layer", 4}, {"d_model", 256}}}, {"lr", 3e-4}, {"seed", 1337}};
    run.datasetId = dataset;
    run.tokenizerId = tokenizer;
    run.parentRunId = parent;
    run.runDir = "runs/2-tiny-gpt";
    run.maxSteps = 5000;
    run.notes = "first try";
    run.tags = {"small", "baseline"};
    double before = nowSeconds();
    int64_t id = m_store->createRun(run);
    double after = nowSeconds();

    RunRecord r = m_store->run(id);
    QCOMPARE(r.id, id);
    QCOMPARE(r.name, std::string("tiny gpt"));
    QCOMPARE(r.kind, std::string("pretrain"));
    QCOMPARE(r.status, RunStatus::Created);
    QCOMPARE(r.config, run.config);
    QCOMPARE(r.datasetId, std::optional<int64_t>(dataset));
    QCOMPARE(r.tokenizerId, std::optional<int64_t>(tokenizer));
    QCOMPARE(r.parentRunId, std::optional<int64_t>(parent));
    QCOMPARE(r.runDir, std::string("runs/2-tiny-gpt"));
    QCOMPARE(r.maxSteps, int64_t(5000));
    QCOMPARE(r.notes, std::string("first try"));
    QCOMPARE(r.tags, (std::vector<std::string>{"baseline", "small"}));
    QVERIFY(r.createdAt >= before && r.createdAt <= after);
    QCOMPARE(r.updatedAt, r.createdAt);
    QVERIFY(!r.startedAt && !r.endedAt && !r.pid && !r.bestValLoss && !r.bestStep);
    QCOMPARE(r.step, int64_t(0));
    QVERIFY(r.host.empty());
}

void TestStoreRuns::updateWritesDescriptiveFields()
{
    int64_t id = m_store->createRun(NewRun("draft"));
    m_store->markRunning(id);
    RunRecord r = m_store->run(id);
    r.name = "final name";
    r.config = {{"lr", 1e-3}};
    r.runDir = "runs/1-final-name";
    r.maxSteps = 100;
    r.notes = "changed";
    r.status = RunStatus::Completed; // not a descriptive field: ignored
    m_store->updateRun(r);
    RunRecord back = m_store->run(id);
    QCOMPARE(back.name, r.name);
    QCOMPARE(back.config, r.config);
    QCOMPARE(back.runDir, r.runDir);
    QCOMPARE(back.maxSteps, int64_t(100));
    QCOMPARE(back.notes, std::string("changed"));
    QCOMPARE(back.status, RunStatus::Running);

    m_store->renameRun(id, "renamed");
    QCOMPARE(m_store->run(id).name, std::string("renamed"));
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->renameRun(id, ""));
}

void TestStoreRuns::unknownRunIsAnError()
{
    QVERIFY(!m_store->findRun(42));
    try {
        m_store->run(42);
        QFAIL("no error for a missing run");
    } catch (const lw::Error& e) {
        QString msg = e.what();
        QVERIFY2(msg.startsWith(QString::fromStdString(m_store->path())), qPrintable(msg));
        QVERIFY2(msg.contains("no run with id 42"), qPrintable(msg));
    }
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->renameRun(42, "x"));
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->setRunStatus(42, RunStatus::Failed));
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->heartbeat(42, 1));
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->addTag(42, "x"));
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->deleteRun(42));
}

void TestStoreRuns::statusStringsRoundTrip_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("text");
    const char* names[] = {"created", "running", "paused", "completed", "cancelled", "diverged",
        "failed", "interrupted"};
    for (size_t i = 0; i < allRunStatuses().size(); ++i)
        QTest::newRow(names[i]) << static_cast<int>(allRunStatuses()[i]) << QString(names[i]);
}

void TestStoreRuns::statusStringsRoundTrip()
{
    QFETCH(int, status);
    QFETCH(QString, text);
    auto value = static_cast<RunStatus>(status);
    QCOMPARE(
        QString::fromUtf8(runStatusToString(value).data(), int(runStatusToString(value).size())),
        text);
    QCOMPARE(runStatusFromString(text.toStdString()), std::optional<RunStatus>(value));
    QCOMPARE(parseRunStatus(text.toStdString()), value);
    // Stored and read back through the database.
    int64_t id = m_store->createRun(NewRun("r"));
    m_store->setRunStatus(id, value);
    QCOMPARE(m_store->run(id).status, value);
    QVERIFY(!runStatusFromString("Running"));
    QVERIFY_THROWS_EXCEPTION(lw::Error, parseRunStatus("exploded"));
}

void TestStoreRuns::statusChangesSetTimes()
{
    int64_t id = m_store->createRun(NewRun("r"));
    m_store->markRunning(id);
    RunRecord r = m_store->run(id);
    QCOMPARE(r.status, RunStatus::Running);
    QCOMPARE(r.pid, std::optional<int64_t>(::getpid()));
    QCOMPARE(r.host, lw::util::hostName());
    QVERIFY(r.startedAt);
    QVERIFY(!r.endedAt);
    const double started = *r.startedAt;

    m_store->setRunStatus(id, RunStatus::Paused);
    r = m_store->run(id);
    QCOMPARE(r.status, RunStatus::Paused);
    QVERIFY(!r.endedAt);

    QTest::qWait(5);
    m_store->setRunStatus(id, RunStatus::Running);
    QCOMPARE(*m_store->run(id).startedAt, started); // a resumed pause keeps its start

    m_store->setRunStatus(id, RunStatus::Diverged, "loss is NaN at step 812");
    r = m_store->run(id);
    QCOMPARE(r.status, RunStatus::Diverged);
    QCOMPARE(r.errorMessage, std::string("loss is NaN at step 812"));
    QVERIFY(r.endedAt);
    QVERIFY(*r.endedAt >= started);
    QCOMPARE(r.updatedAt, *r.endedAt);

    // Started again (e.g. by hand): the end and the error are cleared.
    m_store->markRunning(id);
    r = m_store->run(id);
    QVERIFY(!r.endedAt);
    QVERIFY(r.errorMessage.empty());
    QCOMPARE(*r.startedAt, started);
}

void TestStoreRuns::heartbeatRecordsStep()
{
    int64_t id = m_store->createRun(NewRun("r"));
    double created = m_store->run(id).updatedAt;
    QTest::qWait(5);
    m_store->heartbeat(id, 1234);
    RunRecord r = m_store->run(id);
    QCOMPARE(r.step, int64_t(1234));
    QVERIFY(r.updatedAt > created);
}

void TestStoreRuns::tagsAndNotes()
{
    int64_t a = m_store->createRun(NewRun("a"));
    int64_t b = m_store->createRun(NewRun("b"));
    m_store->addTag(a, "lr-sweep");
    m_store->addTag(a, "lr-sweep"); // twice: still one
    m_store->addTag(a, "gpt2");
    m_store->addTag(b, "llama");
    QCOMPARE(m_store->tags(a), (std::vector<std::string>{"gpt2", "lr-sweep"}));
    QCOMPARE(m_store->run(a).tags, (std::vector<std::string>{"gpt2", "lr-sweep"}));
    QCOMPARE(m_store->allTags(), (std::vector<std::string>{"gpt2", "llama", "lr-sweep"}));
    m_store->removeTag(a, "lr-sweep");
    m_store->removeTag(a, "never-there");
    QCOMPARE(m_store->tags(a), std::vector<std::string>{"gpt2"});
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->addTag(a, ""));

    m_store->setRunNotes(b, "warm-up too short?\nTry 500 steps.");
    QCOMPARE(m_store->run(b).notes, std::string("warm-up too short?\nTry 500 steps."));
}

void TestStoreRuns::listFiltersAndSorts_data()
{
    QTest::addColumn<RunQuery>("query");
    QTest::addColumn<QStringList>("expected");
    auto make = [](auto change) {
        RunQuery q;
        change(q);
        return q;
    };
    // Runs, oldest first: alpha (completed, best 2.5, tag sweep), beta (failed, no best),
    // Gamma_1 (running, best 1.9, tags sweep + big), delta (completed, best 3.1),
    // 100% (created, best 2.0).
    QTest::newRow("all, newest first")
        << RunQuery{} << QStringList{"100%", "delta", "Gamma_1", "beta", "alpha"};
    QTest::newRow("oldest first") << make([](RunQuery& q) { q.descending = false; })
                                  << QStringList{"alpha", "beta", "Gamma_1", "delta", "100%"};
    QTest::newRow("one status") << make([](RunQuery& q) { q.statuses = {RunStatus::Completed}; })
                                << QStringList{"delta", "alpha"};
    QTest::newRow("two statuses") << make([](RunQuery& q) {
        q.statuses = {RunStatus::Failed, RunStatus::Running};
    }) << QStringList{"Gamma_1", "beta"};
    QTest::newRow("status with no runs")
        << make([](RunQuery& q) { q.statuses = {RunStatus::Paused}; }) << QStringList{};
    QTest::newRow("tag") << make([](RunQuery& q) { q.tag = "sweep"; })
                         << QStringList{"Gamma_1", "alpha"};
    QTest::newRow("name, any case")
        << make([](RunQuery& q) { q.nameContains = "GAM"; }) << QStringList{"Gamma_1"};
    QTest::newRow("name with LIKE characters taken literally")
        << make([](RunQuery& q) { q.nameContains = "%"; }) << QStringList{"100%"};
    QTest::newRow("underscore taken literally")
        << make([](RunQuery& q) { q.nameContains = "a_"; }) << QStringList{"Gamma_1"};
    QTest::newRow("best loss, lowest first, none last") << make([](RunQuery& q) {
        q.sortBy = RunSort::BestValLoss;
        q.descending = false;
    }) << QStringList{"Gamma_1", "100%", "alpha", "delta", "beta"};
    QTest::newRow("best loss, highest first, none last")
        << make([](RunQuery& q) { q.sortBy = RunSort::BestValLoss; })
        << QStringList{"delta", "alpha", "100%", "Gamma_1", "beta"};
    QTest::newRow("limit and offset") << make([](RunQuery& q) {
        q.limit = 2;
        q.offset = 1;
    }) << QStringList{"delta", "Gamma_1"};
    QTest::newRow("filters combined") << make([](RunQuery& q) {
        q.statuses = {RunStatus::Completed, RunStatus::Running};
        q.tag = "sweep";
        q.nameContains = "a";
        q.sortBy = RunSort::BestValLoss;
        q.descending = false;
    }) << QStringList{"Gamma_1", "alpha"};
}

void TestStoreRuns::listFiltersAndSorts()
{
    QFETCH(RunQuery, query);
    QFETCH(QStringList, expected);
    struct Spec {
        const char* name;
        RunStatus status;
        std::optional<double> best;
        std::vector<std::string> tags;
    };
    const Spec specs[] = {
        {"alpha", RunStatus::Completed, 2.5, {"sweep"}},
        {"beta", RunStatus::Failed, std::nullopt, {}},
        {"Gamma_1", RunStatus::Running, 1.9, {"sweep", "big"}},
        {"delta", RunStatus::Completed, 3.1, {}},
        {"100%", RunStatus::Created, 2.0, {}},
    };
    for (const auto& spec : specs) {
        NewRun run(spec.name);
        run.tags = spec.tags;
        int64_t id = m_store->createRun(run);
        if (spec.status == RunStatus::Running)
            m_store->markRunning(id);
        else
            m_store->setRunStatus(id, spec.status);
        if (spec.best)
            m_store->setBestValLoss(id, *spec.best, 100);
    }
    QStringList names;
    for (const auto& run : m_store->listRuns(query))
        names << QString::fromStdString(run.name);
    QCOMPARE(names, expected);
}

void TestStoreRuns::deleteRemovesEverythingOfTheRun()
{
    int64_t doomed = m_store->createRun(NewRun("doomed"));
    int64_t kept = m_store->createRun(NewRun("kept"));
    NewRun childRun("child");
    childRun.parentRunId = doomed;
    int64_t child = m_store->createRun(childRun);

    RunRecord r = m_store->run(doomed);
    r.runDir = "runs/1-doomed";
    m_store->updateRun(r);
    for (int64_t id : {doomed, kept}) {
        m_store->appendMetrics(
            id, {{1, "loss", 3.0, 0}, {2, "loss", 2.0, 0}, {2, "val_loss", 2.2, 0}});
        m_store->addSample(id, 2, "Once upon a time");
        m_store->addTag(id, "t");
        Artifact a;
        a.runId = id;
        a.kind = kArtifactCheckpoint;
        a.path = "runs/" + std::to_string(id) + "/step-2.ckpt";
        a.step = 2;
        m_store->addArtifact(a);
    }
    Artifact outside;
    outside.runId = doomed;
    outside.kind = kArtifactExport;
    outside.path = "/elsewhere/model.gguf";
    m_store->addArtifact(outside);

    DeletedRun deleted = m_store->deleteRun(doomed);
    const std::string root = m_store->projectDir();
    QCOMPARE(deleted.runDir, root + "/runs/1-doomed");
    QCOMPARE(deleted.artifactPaths,
        (std::vector<std::string>{root + "/runs/1/step-2.ckpt", "/elsewhere/model.gguf"}));

    QVERIFY(!m_store->findRun(doomed));
    Connection& db = m_store->connection();
    for (const char* table : {"metrics", "samples", "artifacts", "run_tags"}) {
        std::string count = std::string("SELECT count(*) FROM ") + table + " WHERE run_id = ";
        QCOMPARE(db.scalarInt64(count + std::to_string(doomed)), int64_t(0));
        QVERIFY2(db.scalarInt64(count + std::to_string(kept)) > 0, table);
    }
    QCOMPARE(m_store->run(child).parentRunId, std::optional<int64_t>());
    QCOMPARE(m_store->metricCount(kept), int64_t(3));
    QCOMPARE(m_store->listRuns().size(), size_t(2));
}

LW_TEST_GUILESS_MAIN(TestStoreRuns)
#include "test_store_runs.moc"
