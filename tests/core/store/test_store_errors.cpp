// Failures name the file: a text file posing as the store, a read-only folder, a
// damaged database, a missing folder, and failed SQL.
#include "core/store/project.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace lw::store;
namespace fs = std::filesystem;

namespace {

// Overwrites `size` bytes at `offset` with a pattern that is no valid b-tree page.
void scribble(const std::string& path, std::streamoff offset, size_t size)
{
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    QVERIFY(file.good());
    file.seekp(offset);
    std::string junk(size, '\0');
    for (size_t i = 0; i < size; ++i)
        junk[i] = static_cast<char>(0xA5 ^ (i * 7));
    file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    QVERIFY(file.good());
}

// A store with enough metric rows to span many pages, closed (so the WAL is folded into
// the main file).
void makeStore(const std::string& path)
{
    Store store(path);
    int64_t run = store.createRun(NewRun("r"));
    std::vector<MetricPoint> points;
    // Enough that the schema's pages (at the start) stay a small part of the file.
    for (int64_t s = 0; s < 20000; ++s)
        points.push_back({s, "loss", 1.0 / double(s + 1), 0});
    store.appendMetrics(run, points);
}

QString errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const lw::Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestStoreErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void textFileIsNotAStore();
    void readOnlyFolder();
    void damagedSchemaPage();
    void damagedDataPages();
    void missingFolderOrFile();
    void failedSqlNamesTheStatement();
};

void TestStoreErrors::textFileIsNotAStore()
{
    QTemporaryDir dir;
    std::string root = dir.path().toStdString();
    std::string path = root + "/workbench.db";
    const std::string text = "These are my notes, not a database.\n";
    lw::util::writeFileAtomic(path, text);
    for (auto open : std::vector<std::function<void()>>{[&] { Store store(path); },
             [&] { Project::open(root); }, [&] { Project::openOrCreate(root, "x"); }}) {
        QString msg = errorOf(open);
        QVERIFY2(msg.startsWith(QString::fromStdString(path)), qPrintable(msg));
        QVERIFY2(msg.contains("not a database"), qPrintable(msg));
        QVERIFY2(msg.contains("not an LLM Workbench store"), qPrintable(msg));
    }
    QCOMPARE(lw::util::readFile(path), text); // left as it was
}

void TestStoreErrors::readOnlyFolder()
{
    QTemporaryDir dir;
    // The folder chain must be traversable by the unprivileged user the child becomes.
    fs::permissions(dir.path().toStdString(),
        fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec |
            fs::perms::others_read);
    std::string existing = dir.filePath("existing").toStdString();
    std::string fresh = dir.filePath("fresh").toStdString();
    fs::create_directories(existing);
    fs::create_directories(fresh);
    makeStore(existing + "/workbench.db");
    const auto readOnly = fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
        fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec;
    fs::permissions(existing, readOnly);
    fs::permissions(fresh, readOnly);

    for (const std::string& path : {fresh + "/workbench.db", existing + "/workbench.db"}) {
        QString msg;
        if (::geteuid() != 0) {
            msg = errorOf([&] { Store store(path); });
        } else {
            // Root writes anywhere: let the helper open the store as an ordinary user.
            QProcess child;
            child.start(QCoreApplication::applicationDirPath() + "/store_child",
                {"open", QString::fromStdString(path)});
            QVERIFY(child.waitForFinished(30000));
            msg = QString::fromUtf8(child.readAllStandardOutput()).trimmed();
            QVERIFY2(child.exitCode() == 3,
                qPrintable(msg + QString::fromUtf8(child.readAllStandardError())));
        }
        QVERIFY2(msg.startsWith(QString::fromStdString(path)), qPrintable(msg));
        QVERIFY2(msg.contains("not writable"), qPrintable(msg));
    }
    QVERIFY(!fs::exists(fresh + "/workbench.db"));
    fs::permissions(existing, fs::perms::owner_all);
    fs::permissions(fresh, fs::perms::owner_all);
}

void TestStoreErrors::damagedSchemaPage()
{
    QTemporaryDir dir;
    std::string path = dir.filePath("workbench.db").toStdString();
    makeStore(path);
    // Page 1 after the 100-byte file header holds the root of the schema table.
    scribble(path, 100, 4096 - 100);
    QString msg = errorOf([&] {
        Store store(path);
        store.listRuns();
    });
    QVERIFY2(msg.startsWith(QString::fromStdString(path)), qPrintable(msg));
    QVERIFY2(msg.contains("malformed"), qPrintable(msg));
    QVERIFY2(msg.contains("damaged"), qPrintable(msg));
}

void TestStoreErrors::damagedDataPages()
{
    QTemporaryDir dir;
    std::string path = dir.filePath("workbench.db").toStdString();
    makeStore(path);
    auto size = static_cast<std::streamoff>(fs::file_size(path));
    QVERIFY(size > 20 * 4096);
    // The metric rows fill the middle and the end of the file.
    scribble(path, size / 2, static_cast<size_t>(size / 2));
    Store store(path); // the schema is intact: opening works
    QString msg = errorOf([&] {
        for (const auto& run : store.listRuns())
            store.metrics(run.id);
    });
    QVERIFY2(msg.startsWith(QString::fromStdString(path)), qPrintable(msg));
    QVERIFY2(msg.contains("damaged"), qPrintable(msg));
    QVERIFY(store.integrityCheck() != "ok");
}

void TestStoreErrors::missingFolderOrFile()
{
    QTemporaryDir dir;
    std::string inMissingFolder = dir.filePath("no/such/folder/workbench.db").toStdString();
    QString msg = errorOf([&] { Store store(inMissingFolder); });
    QVERIFY2(msg.startsWith(QString::fromStdString(inMissingFolder)), qPrintable(msg));
    QVERIFY2(msg.contains("does not exist"), qPrintable(msg));

    std::string missing = dir.filePath("workbench.db").toStdString();
    msg = errorOf([&] { Store store(missing, Store::OpenMode::MustExist); });
    QVERIFY2(msg.startsWith(QString::fromStdString(missing)), qPrintable(msg));
    QVERIFY2(msg.contains("no store here"), qPrintable(msg));
    QVERIFY(!fs::exists(missing));

    fs::create_directories(missing); // a folder where the file should be
    msg = errorOf([&] { Store store(missing); });
    QVERIFY2(msg.contains("folder, not a file"), qPrintable(msg));
}

void TestStoreErrors::failedSqlNamesTheStatement()
{
    QTemporaryDir dir;
    Store store(dir.filePath("workbench.db").toStdString());
    QString msg =
        errorOf([&] { store.connection().query("SELECT no_such_column FROM runs").next(); });
    QVERIFY2(
        msg.startsWith(QString::fromStdString(store.path()) + ": SELECT no_such_column FROM runs"),
        qPrintable(msg));
    QVERIFY2(msg.contains("no such column"), qPrintable(msg));
    // Long statements are shortened to one line.
    msg = errorOf([&] {
        store.connection().exec(
            "INSERT INTO runs(name, created_at, updated_at)\n   VALUES (NULL, 0, 0)");
    });
    QVERIFY2(msg.contains("INSERT INTO runs(name, created_at, updated_at) VALUES (NULL, 0, 0)"),
        qPrintable(msg));
    QVERIFY2(msg.contains("NOT NULL constraint failed: runs.name"), qPrintable(msg));
}

LW_TEST_GUILESS_MAIN(TestStoreErrors)
#include "test_store_errors.moc"
