// Several processes on one store: a trainer process writing metric batches while this
// process reads, the trainer killed with SIGKILL mid-write, and run locks deciding which
// runs are interrupted.
#include "core/store/project.h"
#include "core/store/run_lock.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "core/util/paths.h"
#include "test_registry.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace lw::store;

namespace {

constexpr int kStepsPerBatch = 20;
constexpr int kNamesPerStep = 5;
constexpr int64_t kBatchPoints = kStepsPerBatch * kNamesPerStep;

QString childPath()
{
    return QCoreApplication::applicationDirPath() + "/store_child";
}

// Starts the helper and waits for its "ready" line (it holds the run lock by then).
bool startChild(QProcess& child, const QStringList& arguments)
{
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start(childPath(), arguments);
    if (!child.waitForStarted(10000))
        return false;
    QByteArray out;
    QElapsedTimer timer;
    timer.start();
    while (!out.contains("ready\n") && timer.elapsed() < 30000) {
        if (!child.waitForReadyRead(1000) && child.state() != QProcess::Running)
            break;
        out += child.readAllStandardOutput();
    }
    if (!out.contains("ready\n"))
        qWarning() << "child output:" << out << child.readAllStandardError();
    return out.contains("ready\n");
}

} // namespace

class TestStoreProcesses : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedWriterLeavesOnlyWholeBatches();
    void runWithLiveLockIsNotInterrupted();
    void reconcileLeavesOtherHostsAndFinishedRunsAlone();
    void runLockIsExclusive();
};

void TestStoreProcesses::killedWriterLeavesOnlyWholeBatches()
{
    QTemporaryDir dir;
    Project project = Project::openOrCreate(dir.filePath("p").toStdString(), "p");
    Store store = project.openStore();
    const int64_t run = project.createRun(store, NewRun("trainer"));

    QProcess child;
    QVERIFY(startChild(child,
        {"write", QString::fromStdString(project.storePath()), QString::number(run),
            QString::number(kStepsPerBatch), QString::number(kNamesPerStep)}));

    // Read from this process while the child writes as fast as it can, the way the GUI
    // polls a live chart: every read must succeed and see whole batches only.
    Store reader = project.openStore();
    int64_t lastCount = 0;
    int64_t chartStep = -1;
    int reads = 0;
    int64_t firstCount = -1;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 1500 || lastCount < 20 * kBatchPoints) {
        QVERIFY2(timer.elapsed() < 30000, "the writer made no progress");
        try {
            int64_t count = reader.metricCount(run);
            QVERIFY2(count % kBatchPoints == 0, qPrintable(QString::number(count)));
            QVERIFY(count >= lastCount);
            lastCount = count;
            if (firstCount < 0)
                firstCount = count;
            // Incremental chart read: exactly the steps after the last one seen.
            auto points = reader.metrics(run, {std::string("metric_0"), chartStep});
            for (const auto& p : points)
                QCOMPARE(p.step, ++chartStep);
            QVERIFY((chartStep + 1) % kStepsPerBatch == 0);
            reader.latestMetrics(run);
            QCOMPARE(reader.listRuns().size(), size_t(1));
            if (reads % 20 == 0) {
                // The lock is held by a live process: nothing is interrupted.
                QVERIFY(reader.reconcileInterruptedRuns().empty());
                QCOMPARE(reader.run(run).status, RunStatus::Running);
            }
        } catch (const lw::Error& e) {
            QFAIL(e.what());
        }
        ++reads;
    }
    QVERIFY2(lastCount > firstCount, "no batch was committed while reading");

    const auto childPid = static_cast<int64_t>(child.processId());
    child.kill(); // SIGKILL, most likely in the middle of a batch
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    qInfo("%d reads while writing; %lld points when killed", reads,
        static_cast<long long>(lastCount));

    Store after = project.openStore(); // recovers the write-ahead log
    QCOMPARE(after.integrityCheck(), std::string("ok"));
    const int64_t total = after.metricCount(run);
    QVERIFY(total >= lastCount);
    QVERIFY2(total % kBatchPoints == 0, qPrintable(QString::number(total)));
    const int64_t steps = total / kNamesPerStep;
    for (int n = 0; n < kNamesPerStep; ++n) {
        auto points = after.metrics(run, {"metric_" + std::to_string(n), std::nullopt});
        QCOMPARE(int64_t(points.size()), steps);
        for (int64_t s = 0; s < steps; ++s)
            QCOMPARE(points[size_t(s)].step, s);
    }
    RunRecord beforeReconcile = after.run(run);
    QCOMPARE(beforeReconcile.status, RunStatus::Running);
    QCOMPARE(beforeReconcile.step, steps - 1);

    QCOMPARE(after.reconcileInterruptedRuns(), std::vector<int64_t>{run});
    RunRecord r = after.run(run);
    QCOMPARE(r.status, RunStatus::Interrupted);
    QCOMPARE(r.step, steps - 1);
    QVERIFY(r.endedAt);
    QCOMPARE(*r.endedAt, r.updatedAt);
    QVERIFY2(r.errorMessage.find("(pid " + std::to_string(childPid) + ")") != std::string::npos,
        r.errorMessage.c_str());
    QVERIFY(after.reconcileInterruptedRuns().empty()); // once only
}

void TestStoreProcesses::runWithLiveLockIsNotInterrupted()
{
    QTemporaryDir dir;
    Project project = Project::openOrCreate(dir.filePath("p").toStdString(), "p");
    Store store = project.openStore();
    const int64_t run = project.createRun(store, NewRun("held"));
    const std::string runDir = store.absolutePath(store.run(run).runDir);

    QProcess child;
    QVERIFY(startChild(
        child, {"hold", QString::fromStdString(project.storePath()), QString::number(run)}));
    const auto childPid = static_cast<int64_t>(child.processId());
    QCOMPARE(store.run(run).pid, std::optional<int64_t>(childPid));
    QVERIFY(RunLock::isHeld(runDir));
    QVERIFY(store.reconcileInterruptedRuns().empty());
    QCOMPARE(store.run(run).status, RunStatus::Running);

    // A second process for the same run is refused, and told who holds it.
    try {
        RunLock second(runDir);
        QFAIL("took a lock held by another process");
    } catch (const lw::Error& e) {
        QString msg = e.what();
        QVERIFY2(msg.contains("already being run by another process"), qPrintable(msg));
        QVERIFY2(msg.contains(QString("pid %1").arg(childPid)), qPrintable(msg));
    }

    // The child ends without recording an end: its lock goes with it.
    child.closeWriteChannel();
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitCode(), 0);
    QVERIFY(!RunLock::isHeld(runDir));
    QCOMPARE(store.reconcileInterruptedRuns(), std::vector<int64_t>{run});
    QCOMPARE(store.run(run).status, RunStatus::Interrupted);
}

void TestStoreProcesses::reconcileLeavesOtherHostsAndFinishedRunsAlone()
{
    QTemporaryDir dir;
    Project project = Project::openOrCreate(dir.filePath("p").toStdString(), "p");
    Store store = project.openStore();
    auto make = [&](const char* name) { return project.createRun(store, NewRun(name)); };
    const int64_t remote = make("remote");
    const int64_t finished = make("finished");
    const int64_t fresh = make("fresh");       // created, never started
    const int64_t starting = make("starting"); // created with a pid: its process died early
    const int64_t paused = make("paused");
    const int64_t runningHere = make("running here");

    store.markRunning(remote);
    store.connection().query("UPDATE runs SET host = 'gpu-box-7' WHERE id = ?", remote).run();
    store.markRunning(finished);
    store.setRunStatus(finished, RunStatus::Completed);
    store.connection()
        .query("UPDATE runs SET pid = 4242, host = ? WHERE id = ?", lw::util::hostName(), starting)
        .run();
    store.markRunning(paused);
    store.setRunStatus(paused, RunStatus::Paused);
    store.markRunning(runningHere);
    const double heartbeat = store.run(runningHere).updatedAt;

    std::vector<int64_t> marked = store.reconcileInterruptedRuns();
    std::sort(marked.begin(), marked.end());
    QCOMPARE(marked, (std::vector<int64_t>{starting, paused, runningHere}));
    QCOMPARE(store.run(remote).status, RunStatus::Running);
    QCOMPARE(store.run(finished).status, RunStatus::Completed);
    QCOMPARE(store.run(fresh).status, RunStatus::Created);
    QCOMPARE(store.run(starting).status, RunStatus::Interrupted);
    QCOMPARE(store.run(paused).status, RunStatus::Interrupted);
    QCOMPARE(store.run(runningHere).status, RunStatus::Interrupted);
    QCOMPARE(*store.run(runningHere).endedAt, heartbeat);
}

void TestStoreProcesses::runLockIsExclusive()
{
    QTemporaryDir dir;
    const std::string runDir = dir.filePath("runs/1-a").toStdString();
    QVERIFY(!RunLock::isHeld(runDir)); // no folder yet
    {
        RunLock lock(runDir);
        QVERIFY(RunLock::isHeld(runDir));
        // flock locks belong to the open file: a second lock in the same process
        // conflicts too, so one process cannot run a run twice.
        QVERIFY_THROWS_EXCEPTION(lw::Error, RunLock{runDir});
        QVERIFY(QString::fromStdString(lw::util::readFile(lock.path()))
                    .startsWith(QString("pid %1 on ").arg(QCoreApplication::applicationPid())));
        RunLock moved(std::move(lock));
        QVERIFY(RunLock::isHeld(runDir));
    }
    QVERIFY(!RunLock::isHeld(runDir));
    RunLock again(runDir);
    QVERIFY(RunLock::isHeld(runDir));
}

LW_TEST_GUILESS_MAIN(TestStoreProcesses)
#include "test_store_processes.moc"
