// Project folders: layout, opening rules, run folders, stored paths.
#include "core/store/project.h"
#include "core/store/run_lock.h"
#include "core/store/store.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

using namespace lw::store;
namespace fs = std::filesystem;

class TestStoreProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void openOrCreateMakesLayout();
    void reopeningKeepsNameAndData();
    void openRequiresAProject();
    void createRunMakesItsFolder();
    void slugs_data();
    void slugs();
    void storedPathsAreRelativeToTheProject();
    void openForListingMarksDeadRunsInterrupted();
};

void TestStoreProject::openOrCreateMakesLayout()
{
    QTemporaryDir dir;
    std::string root = dir.filePath("nested/my project").toStdString();
    Project project = Project::openOrCreate(root, "My project");
    QCOMPARE(project.root(), root);
    QCOMPARE(project.name(), std::string("My project"));
    QCOMPARE(project.storePath(), root + "/workbench.db");
    for (const std::string& sub :
        {project.datasetsDir(), project.tokenizersDir(), project.runsDir(), project.exportsDir()})
        QVERIFY2(fs::is_directory(sub), sub.c_str());
    QCOMPARE(project.runsDir(), root + "/runs");
    QVERIFY(fs::is_regular_file(project.storePath()));
    Store store = project.openStore();
    QCOMPARE(store.projectInfo()->name, std::string("My project"));
    QCOMPARE(store.projectDir(), root);
}

void TestStoreProject::reopeningKeepsNameAndData()
{
    QTemporaryDir dir;
    std::string root = dir.filePath("p/").toStdString(); // a trailing slash is harmless
    int64_t id = 0;
    {
        Project project = Project::openOrCreate(root, "First name");
        Store store = project.openStore();
        id = store.createRun(NewRun("r"));
    }
    Project again = Project::openOrCreate(root, "Other name");
    QCOMPARE(again.name(), std::string("First name"));
    QCOMPARE(again.root(), dir.filePath("p").toStdString());
    Project opened = Project::open(root);
    QCOMPARE(opened.name(), std::string("First name"));
    QCOMPARE(opened.openStore().run(id).name, std::string("r"));
    // No name given: the folder's name.
    QCOMPARE(Project::openOrCreate(dir.filePath("unnamed").toStdString(), "").name(),
        std::string("unnamed"));
}

void TestStoreProject::openRequiresAProject()
{
    QTemporaryDir dir;
    std::string missing = dir.filePath("missing").toStdString();
    try {
        Project::open(missing);
        QFAIL("opened a folder that does not exist");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(missing)), e.what());
    }
    QVERIFY(!fs::exists(missing)); // open() creates nothing

    std::string empty = dir.filePath("empty").toStdString();
    fs::create_directories(empty);
    try {
        Project::open(empty);
        QFAIL("opened a folder without a store");
    } catch (const lw::Error& e) {
        QString msg = e.what();
        QVERIFY2(msg.startsWith(QString::fromStdString(empty)), qPrintable(msg));
        QVERIFY2(msg.contains("not an LLM Workbench project"), qPrintable(msg));
    }
    QVERIFY(!fs::exists(empty + "/workbench.db"));
}

void TestStoreProject::createRunMakesItsFolder()
{
    QTemporaryDir dir;
    Project project = Project::openOrCreate(dir.filePath("p").toStdString(), "p");
    Store store = project.openStore();
    NewRun run("GPT-2 small, lr=3e-4");
    run.runDir = "ignored";
    int64_t id = project.createRun(store, run);
    RunRecord r = store.run(id);
    QCOMPARE(r.runDir, "runs/" + std::to_string(id) + "-gpt-2-small-lr-3e-4");
    QCOMPARE(store.absolutePath(r.runDir), project.runDir(id, run.name));
    QVERIFY(fs::is_directory(project.runDir(id, run.name)));
    QCOMPARE(project.datasetDir("Tiny Shakespeare"), project.root() + "/datasets/tiny-shakespeare");
    QCOMPARE(project.tokenizerDir("BPE 8k"), project.root() + "/tokenizers/bpe-8k");

    // A store of another project is refused.
    QTemporaryDir otherDir;
    Project other = Project::openOrCreate(otherDir.filePath("q").toStdString(), "q");
    QVERIFY_THROWS_EXCEPTION(lw::Error, other.createRun(store, NewRun("x")));
}

void TestStoreProject::slugs_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("slug");
    QTest::newRow("plain") << "baseline"
                           << "baseline";
    QTest::newRow("case and spaces") << "My First Run"
                                     << "my-first-run";
    QTest::newRow("punctuation collapses") << "  lr=3e-4 // warmup!! "
                                           << "lr-3e-4-warmup";
    QTest::newRow("non-ASCII") << QString::fromUtf8("th\xc3\xa9 r\xc3\xa9sum\xc3\xa9")
                               << "th-r-sum";
    QTest::newRow("nothing left") << QString::fromUtf8("\xe6\x97\xa5\xe6\x9c\xac") << "run";
    QTest::newRow("long") << QString(100, 'x') << QString(48, 'x');
}

void TestStoreProject::slugs()
{
    QFETCH(QString, name);
    QFETCH(QString, slug);
    QCOMPARE(QString::fromStdString(Project::slug(name.toStdString())), slug);
}

void TestStoreProject::storedPathsAreRelativeToTheProject()
{
    QTemporaryDir dir;
    Project project = Project::openOrCreate(dir.filePath("p").toStdString(), "p");
    Store store = project.openStore();
    QCOMPARE(store.storablePath(project.root() + "/runs/1-a/step-10.ckpt"),
        std::string("runs/1-a/step-10.ckpt"));
    QCOMPARE(store.storablePath(dir.filePath("elsewhere/x.bin").toStdString()),
        dir.filePath("elsewhere/x.bin").toStdString());
    QCOMPARE(
        store.absolutePath("runs/1-a/step-10.ckpt"), project.root() + "/runs/1-a/step-10.ckpt");
    QCOMPARE(store.absolutePath("/abs/path"), std::string("/abs/path"));
    QCOMPARE(store.absolutePath(""), std::string());
}

void TestStoreProject::openForListingMarksDeadRunsInterrupted()
{
    QTemporaryDir dir;
    Project project = Project::openOrCreate(dir.filePath("p").toStdString(), "p");
    int64_t dead = 0, alive = 0;
    {
        Store store = project.openStore();
        dead = project.createRun(store, NewRun("dead"));
        alive = project.createRun(store, NewRun("alive"));
        store.markRunning(dead);
        store.markRunning(alive);
    }
    RunLock lock(project.runDir(alive, "alive"));
    Store store = project.openStoreForListing();
    QCOMPARE(store.run(dead).status, RunStatus::Interrupted);
    QCOMPARE(store.run(alive).status, RunStatus::Running);
}

LW_TEST_GUILESS_MAIN(TestStoreProject)
#include "test_store_project.moc"
