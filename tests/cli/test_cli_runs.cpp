// A training worker's life as a supervisor sees it: JSON-line events, control commands
// on stdin, signals, being killed, damaged checkpoints and a full disk.
#include "cli_worker.h"

#include "core/store/store.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <csignal>
#include <sqlite3.h>

using lw::test::runCli;
using lw::test::CliWorker;

namespace {

QJsonObject runRecord(const QString& project, int runId)
{
    auto r = runCli({"runs", "show", QString::number(runId), "--project", project, "--json"});
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

} // namespace

class TestCliRuns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void eventsAreJsonLinesInOrder();
    void cancelCommandThenResumeCompletes();
    void sigtermCancelsGracefully();
    void killedWorkerLeavesAnInterruptedResumableRun();
    void damagedNewestCheckpointFallsBackToTheOlderOne();
    void fullDiskFailsCleanlyAndKeepsTheOldFiles();

private:
    QStringList trainArgs(const QString& name, int maxSteps) const
    {
        return {"train", "--project", m_project, "--demo", "--name", name, "--max-steps", QString::number(maxSteps),
                "--eval-every", "20", "--sample-every", "0", "--checkpoint-every", "10", "--events"};
    }
    QTemporaryDir m_dir;
    QString m_project;
};

void TestCliRuns::initTestCase()
{
    m_project = m_dir.filePath("project");
}

void TestCliRuns::eventsAreJsonLinesInOrder()
{
    CliWorker w(trainArgs("events", 12));
    QCOMPARE(w.finish(), 0);
    QVERIFY2(w.garbage().isEmpty(), w.garbage().constData());
    const auto& events = w.events();
    QVERIFY(events.size() > 12);
    QCOMPARE(events.first()["event"].toString(), QString("run_started"));
    QCOMPARE(events.last()["event"].toString(), QString("finished"));
    QCOMPARE(events.last()["status"].toString(), QString("completed"));
    int lastStep = 0;
    for (const auto& e : events) {
        QCOMPARE(e["v"].toInt(), 1);
        QVERIFY(e["time"].toDouble() > 1.6e9);
        if (e["event"] == "step") {
            QCOMPARE(e["step"].toInt(), lastStep + 1);
            lastStep = e["step"].toInt();
            QVERIFY(e["loss"].toDouble() > 0);
            QVERIFY(e.contains("eta_s") && e.contains("tokens_per_s") && e.contains("lr") && e.contains("grad_norm"));
        }
    }
    QCOMPARE(lastStep, 12);
}

void TestCliRuns::cancelCommandThenResumeCompletes()
{
    int runId = 0;
    {
        CliWorker w(trainArgs("cancel", 400));
        QVERIFY(w.waitForStep(3));
        runId = w.events().first()["run_id"].toInt();
        w.send(R"({"command": "pause"})");
        QVERIFY(w.waitFor([](const QJsonObject& e) { return e["event"] == "status" && e["status"] == "paused"; }));
        QCOMPARE(runRecord(m_project, runId)["status"].toString(), QString("paused"));
        w.send(R"({"command": "resume"})");
        QVERIFY(w.waitFor([](const QJsonObject& e) { return e["event"] == "status" && e["status"] == "running"; }));
        w.send(R"({"command": "cancel"})");
        QCOMPARE(w.finish(), 3);
        QCOMPARE(w.last("finished")["status"].toString(), QString("cancelled"));
    }
    auto record = runRecord(m_project, runId);
    QCOMPARE(record["status"].toString(), QString("cancelled"));
    const int stoppedAt = record["step"].toInt();
    QVERIFY(stoppedAt >= 3 && stoppedAt < 400);

    CliWorker resumed({"train", "--project", m_project, "--resume", QString::number(runId), "--max-steps",
                    QString::number(stoppedAt + 5), "--events"});
    QCOMPARE(resumed.finish(), 0);
    QCOMPARE(resumed.events().first()["event"].toString(), QString("run_started"));
    QVERIFY(resumed.events().first()["resumed_from"].toString().endsWith(".ckpt"));
    QCOMPARE(runRecord(m_project, runId)["status"].toString(), QString("completed"));
    QCOMPARE(runRecord(m_project, runId)["step"].toInt(), stoppedAt + 5);
}

void TestCliRuns::sigtermCancelsGracefully()
{
    CliWorker w(trainArgs("sigterm", 400));
    QVERIFY(w.waitForStep(2));
    ::kill(pid_t(w.pid()), SIGTERM);
    QCOMPARE(w.finish(), 3);
    QCOMPARE(w.last("finished")["status"].toString(), QString("cancelled"));
    QVERIFY(QFile::exists(w.last("finished")["last_checkpoint"].toString()));
}

void TestCliRuns::killedWorkerLeavesAnInterruptedResumableRun()
{
    int runId = 0;
    QString runDir;
    {
        CliWorker w(trainArgs("killed", 400));
        QVERIFY(w.waitForStep(12)); // past the checkpoint at step 10
        runId = w.events().first()["run_id"].toInt();
        runDir = w.events().first()["run_dir"].toString();
        ::kill(pid_t(w.pid()), SIGKILL);
        QCOMPARE(w.finish(), -1);
    }
    auto record = runRecord(m_project, runId);
    QCOMPARE(record["status"].toString(), QString("interrupted"));
    // The store survived the kill intact.
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open_v2(QString(m_project + "/workbench.db").toUtf8().constData(), &db, SQLITE_OPEN_READONLY,
                             nullptr),
             SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr);
    QCOMPARE(sqlite3_step(stmt), SQLITE_ROW);
    QCOMPARE(QString(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))), QString("ok"));
    sqlite3_finalize(stmt);
    sqlite3_close(db);

    CliWorker resumed({"train", "--project", m_project, "--resume", QString::number(runId), "--max-steps", "15",
                    "--events"});
    QCOMPARE(resumed.finish(), 0);
    QVERIFY(resumed.events().first()["resumed_from"].toString().endsWith("step-00000010.ckpt"));
    QCOMPARE(runRecord(m_project, runId)["status"].toString(), QString("completed"));
}

void TestCliRuns::damagedNewestCheckpointFallsBackToTheOlderOne()
{
    int runId = 0;
    QString lastCheckpoint;
    {
        CliWorker w(trainArgs("damaged", 25));
        QCOMPARE(w.finish(), 0);
        runId = w.events().first()["run_id"].toInt();
        lastCheckpoint = w.last("finished")["last_checkpoint"].toString();
    }
    QVERIFY(lastCheckpoint.endsWith("step-00000025.ckpt"));
    QFile f(lastCheckpoint);
    QVERIFY(f.resize(f.size() - 4096)); // truncated, as by a crash of the disk
    CliWorker resumed({"train", "--project", m_project, "--resume", QString::number(runId), "--max-steps", "30",
                    "--events"});
    QCOMPARE(resumed.finish(), 0);
    bool warned = false;
    for (const auto& e : resumed.events())
        warned |= e["event"] == "log" && e["level"] == "warning" && e["message"].toString().contains(lastCheckpoint);
    QVERIFY(warned);
    QVERIFY(resumed.events().first()["resumed_from"].toString().endsWith("step-00000020.ckpt"));
    QCOMPARE(runRecord(m_project, runId)["step"].toInt(), 30);
}

void TestCliRuns::fullDiskFailsCleanlyAndKeepsTheOldFiles()
{
    // A 512 KiB file system of its own (a private mount namespace), filled by a dataset
    // larger than it: the command must fail with one clear line and leave no partial files.
    QTemporaryDir scratch;
    const QString corpus = scratch.filePath("big.txt");
    QFile text(corpus);
    QVERIFY(text.open(QIODevice::WriteOnly));
    for (int i = 0; i < 40000; ++i)
        text.write(QString("line %1 of a corpus that is larger than the disk it is written to\n").arg(i).toUtf8());
    text.close();
    const QString mount = scratch.filePath("small-disk");
    QDir().mkpath(mount);
    const QString tokenizer = lw::test::sharedData("llms-from-scratch/gpt2-bpe");
    QProcess p;
    p.start("unshare", {"-m", "sh", "-c",
                        QString("mount -t tmpfs -o size=512k tmpfs '%1' && echo keep > '%1/old.txt' && '%2' data prepare "
                                "--project '%3' --input '%4' --tokenizer '%5' --name full --output '%1/ds'; "
                                "code=$?; ls -A '%1/ds' 2>/dev/null; cat '%1/old.txt'; exit $code")
                            .arg(mount, lw::test::llmwbPath(), m_project, corpus, tokenizer)});
    QVERIFY(p.waitForFinished(120000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    if (err.contains("mount:") || err.contains("unshare:"))
        QSKIP(qPrintable("this machine cannot mount a private file system: " + err));
    QVERIFY2(p.exitCode() != 0, qPrintable(out + err));
    QVERIFY2(err.contains("the disk is full"), qPrintable(err));
    QCOMPARE(err.count("llmwb: error: "), 1);
    QVERIFY2(!out.contains("tokens.bin") && !out.contains(".tmp-"), qPrintable(out));
    QVERIFY(out.contains("keep"));
}

LW_TEST_GUILESS_MAIN(TestCliRuns)
#include "test_cli_runs.moc"
