// Tokenizers, datasets, artifacts, project info and meta: create, read, update, delete.
#include "core/store/records.h"
#include "core/store/store.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw::store;

class TestStoreCatalog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void tokenizersCrud();
    void datasetsCrud();
    void duplicateNamesAreRefused();
    void removingATokenizerKeepsItsDatasetsAndRuns();
    void artifactsCrud();
    void latestCheckpointPicksHighestStep();
    void projectInfoAndMeta();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
};

void TestStoreCatalog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<Store>(m_dir->filePath("workbench.db").toStdString());
}

void TestStoreCatalog::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestStoreCatalog::tokenizersCrud()
{
    TokenizerRecord t;
    t.name = "bpe-16k";
    t.kind = "bpe";
    t.vocabSize = 16384;
    t.path = "tokenizers/bpe-16k";
    t.meta = {{"merges", 16128}, {"byte_fallback", true}};
    int64_t id = m_store->registerTokenizer(t);
    m_store->registerTokenizer({0, "sp-32k", "sentencepiece", 32000, "tokenizers/sp-32k"});

    auto back = m_store->tokenizer(id);
    QVERIFY(back);
    QCOMPARE(back->name, t.name);
    QCOMPARE(back->kind, t.kind);
    QCOMPARE(back->vocabSize, t.vocabSize);
    QCOMPARE(back->path, t.path);
    QCOMPARE(back->meta, t.meta);
    QVERIFY(back->createdAt > 1e9);
    QCOMPARE(m_store->tokenizerByName("sp-32k")->vocabSize, int64_t(32000));
    QVERIFY(!m_store->tokenizerByName("nope"));
    QCOMPARE(m_store->tokenizers().size(), size_t(2));
    QCOMPARE(m_store->tokenizers()[0].name, std::string("bpe-16k"));

    back->vocabSize = 16000;
    back->name = "bpe-16000";
    m_store->updateTokenizer(*back);
    QCOMPARE(m_store->tokenizer(id)->vocabSize, int64_t(16000));
    QCOMPARE(m_store->tokenizer(id)->name, std::string("bpe-16000"));
    QCOMPARE(m_store->tokenizer(id)->createdAt, back->createdAt);

    m_store->removeTokenizer(id);
    QVERIFY(!m_store->tokenizer(id));
    QCOMPARE(m_store->tokenizers().size(), size_t(1));
    back->id = 12345;
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->updateTokenizer(*back));
}

void TestStoreCatalog::datasetsCrud()
{
    int64_t tok = m_store->registerTokenizer({0, "bpe", "bpe", 512, "tokenizers/bpe"});
    DatasetRecord d;
    d.name = "tiny-shakespeare";
    d.kind = "text";
    d.tokenizerId = tok;
    d.path = "datasets/tiny-shakespeare";
    d.sourceFiles = {"/data/input.txt", "/data/more.txt"};
    d.trainTokens = 301966;
    d.valTokens = 36059;
    d.createdAt = 1700000000.25;
    d.meta = {{"val_fraction", 0.1}};
    int64_t id = m_store->registerDataset(d);

    auto back = m_store->dataset(id);
    QVERIFY(back);
    QCOMPARE(back->name, d.name);
    QCOMPARE(back->kind, d.kind);
    QCOMPARE(back->tokenizerId, std::optional<int64_t>(tok));
    QCOMPARE(back->path, d.path);
    QCOMPARE(back->sourceFiles, d.sourceFiles);
    QCOMPARE(back->trainTokens, d.trainTokens);
    QCOMPARE(back->valTokens, d.valTokens);
    QCOMPARE(back->createdAt, 1700000000.25);
    QCOMPARE(back->meta, d.meta);
    QCOMPARE(m_store->datasetByName("tiny-shakespeare")->id, id);

    back->trainTokens = 1;
    back->tokenizerId.reset();
    m_store->updateDataset(*back);
    QCOMPARE(m_store->dataset(id)->trainTokens, int64_t(1));
    QVERIFY(!m_store->dataset(id)->tokenizerId);

    DatasetRecord second;
    second.name = "a-first-by-name";
    second.kind = "instructions";
    m_store->registerDataset(second);
    QCOMPARE(m_store->datasets().size(), size_t(2));
    QCOMPARE(m_store->datasets()[0].name, std::string("a-first-by-name"));
    QCOMPARE(m_store->datasets()[0].sourceFiles, Json::array());

    m_store->removeDataset(id);
    QVERIFY(!m_store->dataset(id));
    DatasetRecord nameless;
    nameless.kind = "text";
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->registerDataset(nameless));
}

void TestStoreCatalog::duplicateNamesAreRefused()
{
    DatasetRecord d;
    d.name = "corpus";
    d.kind = "text";
    m_store->registerDataset(d);
    try {
        m_store->registerDataset(d);
        QFAIL("a second dataset with the same name was registered");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).contains("a dataset named 'corpus' already exists"), e.what());
    }
    d.name = "other";
    int64_t other = m_store->registerDataset(d);
    d.id = other;
    d.name = "corpus";
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->updateDataset(d));
    QCOMPARE(m_store->datasets().size(), size_t(2));

    m_store->registerTokenizer({0, "bpe", "bpe", 1, ""});
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->registerTokenizer({0, "bpe", "bpe", 1, ""}));
}

void TestStoreCatalog::removingATokenizerKeepsItsDatasetsAndRuns()
{
    int64_t tok = m_store->registerTokenizer({0, "bpe", "bpe", 512, ""});
    DatasetRecord d;
    d.name = "corpus";
    d.kind = "text";
    d.tokenizerId = tok;
    int64_t data = m_store->registerDataset(d);
    NewRun run("r");
    run.tokenizerId = tok;
    run.datasetId = data;
    int64_t id = m_store->createRun(run);

    m_store->removeTokenizer(tok);
    QVERIFY(m_store->dataset(data));
    QVERIFY(!m_store->dataset(data)->tokenizerId);
    QVERIFY(!m_store->run(id).tokenizerId);
    m_store->removeDataset(data);
    QVERIFY(!m_store->run(id).datasetId);
}

void TestStoreCatalog::artifactsCrud()
{
    int64_t run = m_store->createRun(NewRun("r"));
    Artifact a;
    a.runId = run;
    a.kind = kArtifactCheckpoint;
    a.path = "runs/1-r/step-000500.ckpt";
    a.step = 500;
    a.sizeBytes = 123456789;
    a.sha256 = std::string(64, 'a');
    a.meta = {{"optimizer", true}};
    int64_t id = m_store->addArtifact(a);
    Artifact e;
    e.runId = run;
    e.kind = kArtifactExport;
    e.path = "exports/r.gguf";
    m_store->addArtifact(e);

    auto back = m_store->artifact(id);
    QVERIFY(back);
    QCOMPARE(back->runId, run);
    QCOMPARE(back->kind, std::string("checkpoint"));
    QCOMPARE(back->path, a.path);
    QCOMPARE(back->step, std::optional<int64_t>(500));
    QCOMPARE(back->sizeBytes, a.sizeBytes);
    QCOMPARE(back->sha256, a.sha256);
    QCOMPARE(back->meta, a.meta);
    QVERIFY(back->createdAt > 1e9);

    QCOMPARE(m_store->artifacts(run).size(), size_t(2));
    QCOMPARE(m_store->artifacts(run, kArtifactExport).size(), size_t(1));
    QVERIFY(!m_store->artifacts(run, kArtifactExport)[0].step);

    QCOMPARE(m_store->removeArtifact(id),
        std::optional<std::string>(m_store->projectDir() + "/" + a.path));
    QVERIFY(!m_store->artifact(id));
    QVERIFY(!m_store->removeArtifact(id));
    QCOMPARE(m_store->artifacts(run).size(), size_t(1));

    a.runId = 999;
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->addArtifact(a));
    a.runId = run;
    a.path.clear();
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->addArtifact(a));
}

void TestStoreCatalog::latestCheckpointPicksHighestStep()
{
    int64_t run = m_store->createRun(NewRun("r"));
    int64_t other = m_store->createRun(NewRun("other"));
    QVERIFY(!m_store->latestCheckpoint(run));
    auto add = [&](int64_t runId, const char* kind, std::optional<int64_t> step, const char* path) {
        Artifact a;
        a.runId = runId;
        a.kind = kind;
        a.step = step;
        a.path = path;
        return m_store->addArtifact(a);
    };
    add(run, kArtifactCheckpoint, 1000, "c1000");
    add(run, kArtifactBest, 1500, "best1500");
    add(run, kArtifactCheckpoint, 2000, "c2000");
    add(run, kArtifactExport, 5000, "export5000"); // not a checkpoint
    add(other, kArtifactCheckpoint, 9000, "other9000");
    QCOMPARE(m_store->latestCheckpoint(run)->path, std::string("c2000"));
    add(run, kArtifactFinal, 2000, "final2000"); // same step, newer
    QCOMPARE(m_store->latestCheckpoint(run)->path, std::string("final2000"));
    add(run, kArtifactCheckpoint, std::nullopt, "no-step");
    QCOMPARE(m_store->latestCheckpoint(run)->path, std::string("final2000"));
}

void TestStoreCatalog::projectInfoAndMeta()
{
    QVERIFY(!m_store->projectInfo());
    m_store->setProjectInfo("Shakespeare", "small GPTs");
    auto info = m_store->projectInfo();
    QVERIFY(info);
    QCOMPARE(info->name, std::string("Shakespeare"));
    QCOMPARE(info->description, std::string("small GPTs"));
    const double created = info->createdAt;
    m_store->setProjectInfo("Bard", "");
    QCOMPARE(m_store->projectInfo()->name, std::string("Bard"));
    QCOMPARE(m_store->projectInfo()->createdAt, created);

    QVERIFY(!m_store->meta("default_device"));
    m_store->setMeta("default_device", "cpu");
    m_store->setMeta("default_device", "cuda:0");
    QCOMPARE(m_store->meta("default_device"), std::optional<std::string>("cuda:0"));
}

LW_TEST_GUILESS_MAIN(TestStoreCatalog)
#include "test_store_catalog.moc"
